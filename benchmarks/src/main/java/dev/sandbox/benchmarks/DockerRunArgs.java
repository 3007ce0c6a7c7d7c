package dev.sandbox.benchmarks;

import dev.sandbox.operator.runtime.ContainerSpec;
import dev.sandbox.operator.runtime.SecurityProfile;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code docker run -d} command line that makes the same container as the operator's docker-java call for a
 * {@link ContainerSpec}: the same limits, mounts, labels and network, and its {@link SecurityProfile} rendered as flags
 * (the profile is the operator's own data, so the raw baseline runs with exactly the isolation of a sandbox). Pure.
 */
final class DockerRunArgs {
    private DockerRunArgs() {}

    static List<String> of(ContainerSpec spec) {
        if (!spec.ports().isEmpty() || spec.gpu() != null || !spec.volumes().isEmpty()) {
            throw new IllegalArgumentException(
                    "only plain sandboxes (no ports, GPUs or shared volumes) are benchmarked");
        }
        List<String> args = new ArrayList<>(List.of("docker", "run", "-d", "--name", spec.name()));
        args.addAll(security(spec.security()));
        args.addAll(List.of(
                "--memory", Long.toString(spec.memoryBytes()), "--memory-swap", Long.toString(spec.memoryBytes())));
        args.addAll(List.of("--cpus", cpus(spec.nanoCpus())));
        // The operator restarts sandboxes itself; the engine never does.
        args.addAll(List.of("--restart", "no", "--network", spec.network()));
        args.addAll(List.of("--mount", "type=volume,src=" + spec.workspaceVolume() + ",dst=" + spec.workspacePath()));
        for (Map.Entry<String, String> label : new TreeMap<>(spec.labels()).entrySet()) {
            args.addAll(List.of("--label", label.getKey() + "=" + label.getValue()));
        }
        for (String env : spec.env()) {
            args.addAll(List.of("--env", env));
        }
        if (spec.entrypoint() != null) {
            if (spec.entrypoint().size() != 1) {
                throw new IllegalArgumentException(
                        "docker run takes a single-word --entrypoint; give the rest as the command");
            }
            args.addAll(List.of("--entrypoint", spec.entrypoint().get(0)));
        }
        args.add(spec.image());
        if (spec.command() != null) {
            args.addAll(spec.command());
        }
        return List.copyOf(args);
    }

    /** The profile as {@code docker run} flags, setting for setting as the runtime renders it into a HostConfig. */
    static List<String> security(SecurityProfile profile) {
        List<String> args = new ArrayList<>();
        profile.dropCapabilities().forEach(c -> args.addAll(List.of("--cap-drop", c)));
        profile.addCapabilities().forEach(c -> args.addAll(List.of("--cap-add", c)));
        profile.securityOptions().forEach(o -> args.addAll(List.of("--security-opt", o)));
        if (profile.readOnlyRootFilesystem()) {
            args.add("--read-only");
        }
        profile.tmpfsOptions().forEach((path, options) -> args.addAll(List.of("--tmpfs", path + ":" + options)));
        args.addAll(List.of("--pids-limit", Long.toString(profile.pidsLimit())));
        profile.ulimits().forEach(u -> args.addAll(List.of("--ulimit", u.name() + "=" + u.soft() + ":" + u.hard())));
        profile.sysctls().forEach((key, value) -> args.addAll(List.of("--sysctl", key + "=" + value)));
        if (profile.init()) {
            args.add("--init");
        }
        args.addAll(List.of("--log-driver", profile.logs().driver()));
        profile.logs().options().forEach((key, value) -> args.addAll(List.of("--log-opt", key + "=" + value)));
        return args;
    }

    /** NanoCPUs as the decimal number of cores {@code --cpus} takes. */
    static String cpus(long nanoCpus) {
        return BigDecimal.valueOf(nanoCpus, 9).stripTrailingZeros().toPlainString();
    }
}
