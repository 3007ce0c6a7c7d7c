package dev.sandbox.gateway;

import java.util.Locale;

/**
 * What a call on a sandbox was, as the gateway records it: every kind keeps a sandbox from counting as idle, and each
 * is counted in the metric {@code sandbox_gateway_sandbox_calls_total{kind}}.
 */
public enum ActivityKind {
    /** Reading the sandbox: its state, environment, entrypoint, usage history or snapshots. */
    READ,
    /** Changing it: lifecycle (stop, start, restart, pause, resume), environment, entrypoint, mounts, deletion. */
    CHANGE,
    /** A command: collected, streamed or over a WebSocket. */
    EXEC,
    /** The file API of one of its volumes. */
    FILES,
    /** A zip export of a directory. */
    EXPORT,
    /** Its log. */
    LOGS,
    /** Its live statistics. */
    STATS,
    /** Background processes. */
    PROCESSES,
    /** Traffic to one of its ports through a preview URL. */
    PREVIEW,
    /** A preview token. */
    PREVIEW_TOKEN,
    /** A snapshot taken of it. */
    SNAPSHOT,
    /** A fork made of it. */
    FORK,
    /** A call of the E2B-compatible API. */
    E2B;

    /** The kind as the metric labels it ({@code preview_token}). */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
