package dev.sandbox.operator.model;

import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.runtime.SecurityProfile;
import java.util.List;
import java.util.Map;

/**
 * The isolation every sandbox gets (the project's isolation defaults), as a {@link SecurityProfile}: not optional and
 * not taken from a request; only the sizes come from the operator's settings. Pure.
 */
public final class SandboxSecurity {
    /** Where the sandbox may write besides its volumes: an in-memory /tmp, sized by the operator's settings. */
    public static final String TMP = "/tmp";

    private SandboxSecurity() {}

    /**
     * The profile of a sandbox container.
     *
     * @param networked whether the container joins a network of its own (rather than network {@code none})
     */
    public static SecurityProfile profile(OperatorConfig config, boolean networked) {
        return new SecurityProfile(
                List.of("ALL"),
                List.of(),
                true,
                // The engine's default seccomp profile: it already blocks what a sandbox must not call (mount, kexec,
                // module loading, ...), and never "unconfined".
                null,
                true,
                List.of(new SecurityProfile.Tmpfs(TMP, config.tmpfsTmpBytes(), "1777")),
                config.pidsLimit(),
                List.of(new SecurityProfile.Ulimit("nofile", config.nofile(), config.nofile())),
                // Sandbox networks are IPv4 only: without IPv6 no link-local address can reach the node's bridge around
                // the IPv4 firewall rules. A sysctl of the sandbox's own network namespace, which it cannot change
                // back.
                networked ? Map.of("net.ipv6.conf.all.disable_ipv6", "1") : Map.of(),
                // A tiny init as PID 1 forwards SIGTERM (so stop is graceful, not a wait for SIGKILL) and reaps
                // zombies.
                true,
                new SecurityProfile.LogLimits("json-file", config.logMaxSize(), config.logMaxFiles()));
    }
}
