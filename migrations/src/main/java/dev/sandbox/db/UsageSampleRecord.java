package dev.sandbox.db;

import dev.sandbox.client.ResourceUse;
import java.time.Instant;

/**
 * One resource-usage sample of a sandbox, as kept in the history.
 *
 * @param sandboxUid UID of the Sandbox resource
 * @param node node whose operator took the sample
 * @param sampledAt when Docker read the numbers
 * @param use the numbers read
 */
public record UsageSampleRecord(String sandboxUid, String node, Instant sampledAt, ResourceUse use) {}
