package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.function.Consumer;

/**
 * CPU, memory, disk, GPU, lifetime and retry limits of a sandbox.
 *
 * <p>Used in {@link CreateSandboxRequest#resources()} and reported back in {@link SandboxInfo#resources()}. A
 * {@code null} CPU or memory takes the default; the other fields stay absent when {@code null} and the gateway
 * applies its own defaults. Ranges are checked when a {@link CreateSandboxRequest} is built.
 *
 * @param cpu CPU limit in cores, from 0.1 to 8.0; default {@value #DEFAULT_CPU}
 * @param memory memory limit such as {@code 512m} or {@code 1g} (suffix b, k, m or g); default {@value #DEFAULT_MEMORY}
 * @param gpu GPU request, or {@code null} for none
 * @param timeout lifetime of the sandbox in seconds, or {@code null} for no limit
 * @param maxRetries how often a failed sandbox is restarted, or {@code null} for the gateway's default
 * @param idleTimeout seconds without activity (commands, file or SDK calls on the sandbox) after which it is stopped;
 *     {@code 0} for never, {@code null} for the cluster's default
 * @param idleAction what happens then: {@code "stop"} or {@code "pause"} (memory kept); {@code null} for the cluster's
 *     default
 * @param disk size of the workspace file system such as {@code 2g} (at least {@code 16m}, at most the cluster's
 *     maximum); writing past it fails with "No space left on device" in the sandbox; {@code null} for the default
 *     {@code 1g}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceConfig(
        Double cpu,
        String memory,
        String gpu,
        Integer timeout,
        Integer maxRetries,
        Integer idleTimeout,
        String idleAction,
        String disk) {

    /** CPU cores used when none is given. */
    public static final double DEFAULT_CPU = 1.0;

    /** Memory limit used when none is given. */
    public static final String DEFAULT_MEMORY = "512m";

    /**
     * Creates limits; a {@code null} CPU or memory takes the default.
     *
     * @param cpu CPU cores, or {@code null} for {@value #DEFAULT_CPU}
     * @param memory memory limit, or {@code null} for {@value #DEFAULT_MEMORY}
     * @param gpu GPU request, or {@code null}
     * @param timeout lifetime in seconds, or {@code null}
     * @param maxRetries restart limit, or {@code null}
     * @param idleTimeout idle timeout in seconds ({@code 0}: never), or {@code null}
     * @param idleAction {@code "stop"}, {@code "pause"} or {@code null} for the cluster's default
     * @param disk workspace size such as {@code 2g}, or {@code null} for the default
     */
    public ResourceConfig {
        cpu = cpu == null ? DEFAULT_CPU : cpu;
        memory = memory == null ? DEFAULT_MEMORY : memory;
        if (idleAction != null && !idleAction.equals("stop") && !idleAction.equals("pause")) {
            throw new SandboxValidationException("idleAction must be \"stop\" or \"pause\"", "resources.idleAction");
        }
    }

    /**
     * Limits with the cluster's default idle action.
     *
     * @param cpu CPU cores, or {@code null} for {@value #DEFAULT_CPU}
     * @param memory memory limit, or {@code null} for {@value #DEFAULT_MEMORY}
     * @param gpu GPU request, or {@code null}
     * @param timeout lifetime in seconds, or {@code null}
     * @param maxRetries restart limit, or {@code null}
     * @param idleTimeout idle timeout in seconds ({@code 0}: never), or {@code null}
     */
    public ResourceConfig(
            Double cpu, String memory, String gpu, Integer timeout, Integer maxRetries, Integer idleTimeout) {
        this(cpu, memory, gpu, timeout, maxRetries, idleTimeout, null, null);
    }

    /**
     * The default limits: {@value #DEFAULT_CPU} CPU, {@value #DEFAULT_MEMORY} memory, no GPU, no lifetime limit.
     *
     * @return the default limits
     */
    public static ResourceConfig defaults() {
        return new ResourceConfig(null, null, null, null, null, null);
    }

    /**
     * Limits with the given CPU and memory and defaults for the rest.
     *
     * @param cpu CPU limit in cores, from 0.1 to 8.0
     * @param memory memory limit such as {@code 1g}
     * @return the limits
     */
    public static ResourceConfig of(double cpu, String memory) {
        return new ResourceConfig(cpu, memory, null, null, null, null);
    }

    /**
     * A copy with another CPU limit.
     *
     * @param cpu CPU limit in cores, from 0.1 to 8.0
     * @return the changed copy
     */
    public ResourceConfig withCpu(double cpu) {
        return with(c -> c.cpu = cpu);
    }

    /**
     * A copy with another memory limit.
     *
     * @param memory memory limit such as {@code 512m} or {@code 1g}
     * @return the changed copy
     */
    public ResourceConfig withMemory(String memory) {
        return with(c -> c.memory = memory);
    }

    /**
     * A copy with a GPU request.
     *
     * @param gpu the GPU request, or {@code null} for none
     * @return the changed copy
     */
    public ResourceConfig withGpu(String gpu) {
        return with(c -> c.gpu = gpu);
    }

    /**
     * A copy with a lifetime limit.
     *
     * @param timeoutSeconds lifetime of the sandbox in seconds (at least 1), or {@code null} for no limit
     * @return the changed copy
     */
    public ResourceConfig withTimeout(Integer timeoutSeconds) {
        return with(c -> c.timeout = timeoutSeconds);
    }

    /**
     * A copy with another retry limit.
     *
     * @param maxRetries how often a failed sandbox is restarted (0 or more), or {@code null} for the default
     * @return the changed copy
     */
    public ResourceConfig withMaxRetries(Integer maxRetries) {
        return with(c -> c.maxRetries = maxRetries);
    }

    /**
     * A copy with an idle timeout: the sandbox is stopped after this long without activity (commands, file or SDK calls
     * on it), and deleted some time later unless it is started again.
     *
     * @param idleTimeoutSeconds seconds without activity ({@code 0}: never stop it), or {@code null} for the cluster's
     *     default
     * @return the changed copy
     */
    public ResourceConfig withIdleTimeout(Integer idleTimeoutSeconds) {
        return with(c -> c.idleTimeout = idleTimeoutSeconds);
    }

    /**
     * A copy with an idle action: what happens when the idle timeout passes.
     *
     * @param idleAction {@code "stop"} (the workspace is kept, memory is not) or {@code "pause"} (every process is frozen
     *     with its memory kept, and resumed by {@link SandboxClient#resumeSandbox(String)} or an exec that asks for it),
     *     or {@code null} for the cluster's default
     * @return the changed copy
     */
    public ResourceConfig withIdleAction(String idleAction) {
        return with(c -> c.idleAction = idleAction);
    }

    /**
     * A copy with another workspace size.
     *
     * @param disk size of the workspace file system such as {@code 2g}, or {@code null} for the default {@code 1g}
     * @return the changed copy
     */
    public ResourceConfig withDisk(String disk) {
        return with(c -> c.disk = disk);
    }

    /** A copy with the fields {@code change} sets; the one place that lists every field, so a new field is added once. */
    private ResourceConfig with(Consumer<Fields> change) {
        Fields fields = new Fields(this);
        change.accept(fields);
        return new ResourceConfig(
                fields.cpu,
                fields.memory,
                fields.gpu,
                fields.timeout,
                fields.maxRetries,
                fields.idleTimeout,
                fields.idleAction,
                fields.disk);
    }

    /** The fields of a copy while one of them is being changed. */
    private static final class Fields {
        Double cpu;
        String memory;
        String gpu;
        Integer timeout;
        Integer maxRetries;
        Integer idleTimeout;
        String idleAction;
        String disk;

        Fields(ResourceConfig from) {
            cpu = from.cpu;
            memory = from.memory;
            gpu = from.gpu;
            timeout = from.timeout;
            maxRetries = from.maxRetries;
            idleTimeout = from.idleTimeout;
            idleAction = from.idleAction;
            disk = from.disk;
        }
    }
}
