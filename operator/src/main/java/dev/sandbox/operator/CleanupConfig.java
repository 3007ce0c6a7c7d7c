package dev.sandbox.operator;

import dev.sandbox.crd.IdleAction;
import dev.sandbox.db.ProcessEnvironment;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the automatic clean-up on each node. A zero duration turns the matching clean-up off.
 *
 * @param interval time between two clean-up passes
 * @param idleTimeout cluster default of how long a sandbox may go without activity before it is stopped (a sandbox's
 *     {@code spec.idleTimeoutSeconds} overrides it); zero: never
 * @param idleDeleteAfter how long a sandbox stopped for idleness stays before it is deleted; zero: never
 * @param orphanGrace how long a Docker object of ours must have had no owning resource before it is removed
 * @param idleAction cluster default of what happens to an idle sandbox (a sandbox's {@code spec.idleAction} overrides it):
 *     stop it, or pause it with its memory kept
 */
public record CleanupConfig(
        Duration interval,
        Duration idleTimeout,
        Duration idleDeleteAfter,
        Duration orphanGrace,
        IdleAction idleAction) {

    /** Idle sandboxes are stopped. */
    public CleanupConfig(Duration interval, Duration idleTimeout, Duration idleDeleteAfter, Duration orphanGrace) {
        this(interval, idleTimeout, idleDeleteAfter, orphanGrace, IdleAction.Stop);
    }

    public static CleanupConfig defaults() {
        return new CleanupConfig(
                Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofHours(24), Duration.ofMinutes(5));
    }

    public CleanupConfig withIdleAction(IdleAction action) {
        return new CleanupConfig(interval, idleTimeout, idleDeleteAfter, orphanGrace, action);
    }

    /**
     * Reads {@code SANDBOX_CLEANUP_SECONDS}, {@code SANDBOX_IDLE_TIMEOUT_SECONDS}, {@code SANDBOX_IDLE_DELETE_AFTER_SECONDS}
     * {@code SANDBOX_ORPHAN_GRACE_SECONDS} and {@code SANDBOX_IDLE_ACTION} ({@code stop} or {@code pause}).
     */
    public static CleanupConfig fromEnvironment(Map<String, String> env) {
        CleanupConfig d = defaults();
        ProcessEnvironment settings = new ProcessEnvironment(env);
        CleanupConfig c = new CleanupConfig(
                settings.seconds("SANDBOX_CLEANUP_SECONDS", d.interval()),
                settings.seconds("SANDBOX_IDLE_TIMEOUT_SECONDS", d.idleTimeout()),
                settings.seconds("SANDBOX_IDLE_DELETE_AFTER_SECONDS", d.idleDeleteAfter()),
                settings.seconds("SANDBOX_ORPHAN_GRACE_SECONDS", d.orphanGrace()),
                idleAction(settings.text("SANDBOX_IDLE_ACTION", d.idleAction().name())));
        if (c.interval().isZero()
                || c.interval().isNegative()
                || c.idleTimeout().isNegative()
                || c.idleDeleteAfter().isNegative()
                || c.orphanGrace().isNegative()) {
            throw new IllegalArgumentException(
                    "SANDBOX_CLEANUP_SECONDS must be at least 1 and the other clean-up settings 0 or more");
        }
        return c;
    }

    private static IdleAction idleAction(String value) {
        for (IdleAction a : IdleAction.values()) {
            if (a.name().equalsIgnoreCase(value.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("SANDBOX_IDLE_ACTION must be stop or pause, not '" + value + "'");
    }
}
