package dev.sandbox.gateway;

import java.time.Instant;

/**
 * The latest call on a sandbox that this gateway saw.
 *
 * @param at when it came
 * @param kind what it was
 */
public record LastActivity(Instant at, ActivityKind kind) {}
