package dev.sandbox.crd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sandbox made from a template sets itself; null means "take the template's". Field names in
 * {@link #setFields()} are the REST names that {@link SandboxTemplateSpec#getOverridable()} lists.
 */
public record TemplateOverrides(
        String image,
        Map<String, String> buildContext,
        Boolean forceBuild,
        List<String> command,
        List<String> entrypoint,
        Map<String, String> env,
        Double cpu,
        String memory,
        String gpu,
        Long timeoutSeconds,
        Integer maxRetries,
        Long idleTimeoutSeconds,
        List<SandboxPort> ports,
        List<SandboxMount> mounts,
        ShutdownPolicy shutdownPolicy,
        Integer stopTimeoutSeconds) {

    public static final String IMAGE = "image";
    public static final String COMMAND = "command";
    public static final String ENTRYPOINT = "entrypoint";
    public static final String ENVIRONMENT = "environment";
    public static final String CPU = "resources.cpu";
    public static final String MEMORY = "resources.memory";
    public static final String GPU = "resources.gpu";
    public static final String TIMEOUT = "resources.timeout";
    public static final String MAX_RETRIES = "resources.maxRetries";
    public static final String IDLE_TIMEOUT = "resources.idleTimeout";
    public static final String PORTS = "ports";
    public static final String MOUNTS = "mounts";
    public static final String SHUTDOWN_POLICY = "shutdownPolicy";
    public static final String STOP_TIMEOUT = "stopTimeoutSeconds";

    /** Every name a template may list as overridable. */
    public static final List<String> ALL = List.of(
            IMAGE,
            COMMAND,
            ENTRYPOINT,
            ENVIRONMENT,
            CPU,
            MEMORY,
            GPU,
            TIMEOUT,
            MAX_RETRIES,
            IDLE_TIMEOUT,
            PORTS,
            MOUNTS,
            SHUTDOWN_POLICY,
            STOP_TIMEOUT);

    /** What a template allows when it says nothing: the things callers usually tune per sandbox. */
    public static final List<String> DEFAULT_OVERRIDABLE = List.of(ENVIRONMENT, CPU, MEMORY, TIMEOUT, IDLE_TIMEOUT);

    /**
     * Overrides a sandbox taken from a warm pool can receive without a new container: environment (added to each
     * command), CPU and memory (changed in place), and the clocks and policies the operator applies. Anything else needs
     * a container of its own, so the create starts cold.
     */
    public static final List<String> CLAIMABLE =
            List.of(ENVIRONMENT, CPU, MEMORY, TIMEOUT, MAX_RETRIES, IDLE_TIMEOUT, SHUTDOWN_POLICY, STOP_TIMEOUT);

    /** No overrides at all: the template as it is (what a warm pool's sandboxes are made of). */
    public static TemplateOverrides none() {
        return new TemplateOverrides(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The names of the fields set here, in the order of {@link #ALL}. */
    public List<String> setFields() {
        List<String> set = new ArrayList<>();
        if (image != null || buildContext != null || forceBuild != null) {
            set.add(IMAGE);
        }
        addIf(set, COMMAND, command);
        addIf(set, ENTRYPOINT, entrypoint);
        if (env != null && !env.isEmpty()) {
            set.add(ENVIRONMENT);
        }
        addIf(set, CPU, cpu);
        addIf(set, MEMORY, memory);
        addIf(set, GPU, gpu);
        addIf(set, TIMEOUT, timeoutSeconds);
        addIf(set, MAX_RETRIES, maxRetries);
        addIf(set, IDLE_TIMEOUT, idleTimeoutSeconds);
        if (ports != null && !ports.isEmpty()) {
            set.add(PORTS);
        }
        if (mounts != null && !mounts.isEmpty()) {
            set.add(MOUNTS);
        }
        addIf(set, SHUTDOWN_POLICY, shutdownPolicy);
        addIf(set, STOP_TIMEOUT, stopTimeoutSeconds);
        return set;
    }

    /** The fields set here that a pooled sandbox cannot take on without a new container; empty when a claim can serve them. */
    public List<String> unclaimableFields() {
        return setFields().stream().filter(f -> !CLAIMABLE.contains(f)).toList();
    }

    /** The same overrides without the environment (which a claim passes to commands instead of the container). */
    public TemplateOverrides withoutEnv() {
        return new TemplateOverrides(
                image,
                buildContext,
                forceBuild,
                command,
                entrypoint,
                null,
                cpu,
                memory,
                gpu,
                timeoutSeconds,
                maxRetries,
                idleTimeoutSeconds,
                ports,
                mounts,
                shutdownPolicy,
                stopTimeoutSeconds);
    }

    private static void addIf(List<String> set, String name, Object value) {
        if (value != null) {
            set.add(name);
        }
    }

    /**
     * The overrides of a Sandbox spec written by hand (kubectl): {@code present} holds the raw spec as the API server
     * stores it, so that a field left out is told apart from one that carries its default value.
     */
    public static TemplateOverrides fromSpec(SandboxSpec spec, Map<String, Object> present) {
        Map<String, Object> raw = present == null ? Map.of() : present;
        Object rawResources = raw.get("resources");
        Map<?, ?> res = rawResources instanceof Map<?, ?> m ? m : Map.of();
        SandboxResources r = spec.getResources();
        return new TemplateOverrides(
                raw.containsKey("image") ? spec.getImage() : null,
                raw.containsKey("buildContext") ? spec.getBuildContext() : null,
                raw.containsKey("forceBuild") ? spec.getForceBuild() : null,
                raw.containsKey("command") ? spec.getCommand() : null,
                raw.containsKey("entrypoint") ? spec.getEntrypoint() : null,
                raw.containsKey("env") ? new LinkedHashMap<>(spec.getEnv()) : null,
                res.containsKey("cpu") ? r.getCpu() : null,
                res.containsKey("memory") ? r.getMemory() : null,
                res.containsKey("gpu") ? r.getGpu() : null,
                res.containsKey("timeoutSeconds") ? r.getTimeoutSeconds() : null,
                res.containsKey("maxRetries") ? r.getMaxRetries() : null,
                raw.containsKey("idleTimeoutSeconds") ? spec.getIdleTimeoutSeconds() : null,
                raw.containsKey("ports") ? spec.getPorts() : null,
                raw.containsKey("mounts") ? spec.getMounts() : null,
                raw.containsKey("shutdownPolicy") ? spec.getShutdownPolicy() : null,
                raw.containsKey("stopTimeoutSeconds") ? spec.getStopTimeoutSeconds() : null);
    }
}
