package dev.sandbox.operator.monitor;

import java.util.Map;

/**
 * The answer of a health endpoint: whether all is well, and what each check found ("ok" or what is wrong).
 *
 * @param healthy whether every check passed
 * @param checks each check's finding, by name
 */
public record HealthReport(boolean healthy, Map<String, String> checks) {}
