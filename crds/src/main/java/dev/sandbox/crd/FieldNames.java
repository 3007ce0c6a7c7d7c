package dev.sandbox.crd;

/**
 * Whose names a validation error gives the fields of a sandbox spec. The same mistake reads differently to the two
 * kinds of users: someone who sent {@code "environment"} and {@code "resources": {"timeout": ...}} to the REST API, and
 * someone who wrote {@code spec.env} and {@code spec.resources.timeoutSeconds} in a YAML file for kubectl.
 */
public enum FieldNames {
    /** The REST API's request fields: {@code environment}, {@code resources.timeout}, {@code volumes.<name>}. */
    REST,
    /**
     * The custom resource's paths: {@code spec.env}, {@code spec.resources.timeoutSeconds}, {@code spec.mounts[0]}; for
     * the operator's status and Events, read by whoever applied the resource.
     */
    CRD;

    /** A field both audiences name alike, such as {@code resources.cpu} or {@code ports[0].internal}. */
    public String same(String path) {
        return this == REST ? path : "spec." + path;
    }

    /** The container's environment variables. */
    public String environment() {
        return this == REST ? "environment" : "spec.env";
    }

    /** Variables added to every command run in the sandbox (a claimed warm sandbox keeps its caller's here). */
    public String execEnvironment() {
        return same("execEnv");
    }

    /** The sandbox's lifetime in seconds. */
    public String timeout() {
        return this == REST ? "resources.timeout" : "spec.resources.timeoutSeconds";
    }

    /** Seconds without activity after which the sandbox is stopped or paused. */
    public String idleTimeout() {
        return this == REST ? "resources.idleTimeout" : "spec.idleTimeoutSeconds";
    }

    /**
     * One network volume mount. A REST caller names it by the tenant's name for the volume ({@code volumes.data}), which
     * the gateway keeps as the mount's display name; a mount without one (written with kubectl) is named by position.
     */
    public String mount(int index, SandboxMount mount) {
        if (this == REST && mount != null && mount.displayName() != null) {
            return "volumes." + SpecValidator.shortened(mount.displayName());
        }
        return same("mounts[" + index + "]");
    }

    /** All network volume mounts: the request's {@code volumes}, the resource's {@code spec.mounts}. */
    public String mounts() {
        return this == REST ? "volumes" : "spec.mounts";
    }

    /** The volume a mount names: in a REST request the key of {@code volumes}, in the resource its {@code volume}. */
    public String mountVolume(int index, SandboxMount mount) {
        String at = mount(index, mount);
        return at.startsWith("volumes.") ? at : at + ".volume";
    }

    /** The path of a mount: {@code volumes.<name>.mountPath} in a REST request, {@code spec.mounts[i].mountPath} else. */
    public String mountPath(int index, SandboxMount mount) {
        return mount(index, mount) + ".mountPath";
    }

    /**
     * The resource's name for a field that {@link #REST} names, such as {@code spec.resources.timeoutSeconds} for
     * {@code resources.timeout}. For callers holding errors already named for REST; validating with {@link #CRD} names
     * every field (mounts included) directly.
     */
    public static String crdFieldOf(String restField) {
        if (restField == null) {
            return "spec";
        }
        if (restField.equals(REST.idleTimeout())) {
            return CRD.idleTimeout();
        }
        if (restField.equals(REST.timeout())) {
            return CRD.timeout();
        }
        if (restField.equals(REST.environment()) || restField.startsWith(REST.environment() + ".")) {
            return CRD.environment() + restField.substring(REST.environment().length());
        }
        return CRD.same(restField);
    }
}
