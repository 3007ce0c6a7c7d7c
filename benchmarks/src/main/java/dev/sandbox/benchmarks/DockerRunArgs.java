package dev.sandbox.benchmarks;

import dev.sandbox.operator.runtime.ContainerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code docker run -d} command line that makes the same container as the operator's docker-java call for a
 * {@link ContainerSpec}: the same limits, hardening, mounts, labels and network. Pure.
 */
final class DockerRunArgs {
    private DockerRunArgs() {}

    static List<String> of(ContainerSpec spec) {
        if (!spec.ports().isEmpty() || spec.gpu() != null || !spec.volumes().isEmpty()) {
            throw new IllegalArgumentException(
                    "only plain sandboxes (no ports, GPUs or shared volumes) are benchmarked");
        }
        List<String> args = new ArrayList<>(List.of("docker", "run", "-d", "--name", spec.name()));
        args.addAll(List.of("--cap-drop", "ALL", "--security-opt", "no-new-privileges:true", "--read-only"));
        args.addAll(List.of("--tmpfs", "/tmp:rw,nosuid,nodev,size=" + spec.tmpfsTmpBytes() + ",mode=1777"));
        args.addAll(List.of(
                "--memory", Long.toString(spec.memoryBytes()), "--memory-swap", Long.toString(spec.memoryBytes())));
        args.addAll(List.of("--cpus", cpus(spec.nanoCpus())));
        args.addAll(List.of("--pids-limit", Long.toString(spec.pidsLimit())));
        args.addAll(List.of("--ulimit", "nofile=" + spec.nofile() + ":" + spec.nofile()));
        args.addAll(List.of(
                "--log-driver",
                "json-file",
                "--log-opt",
                "max-size=" + spec.logMaxSize(),
                "--log-opt",
                "max-file=" + spec.logMaxFiles()));
        args.addAll(List.of("--restart", "no", "--init", "--network", spec.network()));
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

    /** NanoCPUs as the decimal number of cores {@code --cpus} takes. */
    static String cpus(long nanoCpus) {
        return java.math.BigDecimal.valueOf(nanoCpus, 9).stripTrailingZeros().toPlainString();
    }
}
