package dev.sandbox.operator.network;

import java.util.List;

/** The node's firewall for sandbox networks. Every call is idempotent. */
public interface SandboxFirewall {

    /** Whether rules are enforced at all (off only when an administrator turned it off). */
    boolean enabled();

    /** Makes the shared chains and the jumps into them exist; safe to call any time. */
    void ensureBase();

    /**
     * Makes the rules of one sandbox network exactly {@code plan}, replacing what differs in one step. Returns true when
     * something had to be written (first time, changed spec, or rules lost to a restart or a flush).
     */
    boolean apply(FirewallPlan plan);

    /** Removes the rules of a sandbox bridge; nothing happens when there are none. */
    void remove(String bridge);

    /**
     * Removes the rules of bridges that no longer exist on the node and were already missing at the previous sweep;
     * returns the bridges whose rules went.
     */
    List<String> sweep();

    /** A firewall that enforces nothing, for nodes where the administrator turned it off. */
    static SandboxFirewall disabled() {
        return new SandboxFirewall() {
            @Override
            public boolean enabled() {
                return false;
            }

            @Override
            public void ensureBase() {}

            @Override
            public boolean apply(FirewallPlan plan) {
                return false;
            }

            @Override
            public void remove(String bridge) {}

            @Override
            public List<String> sweep() {
                return List.of();
            }
        };
    }
}
