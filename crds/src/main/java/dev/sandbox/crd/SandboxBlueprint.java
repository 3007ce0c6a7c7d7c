package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.AnyType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sandbox is made of, shared by a Sandbox's spec and a SandboxTemplate's spec: image or build context, process,
 * environment, limits, ports, mounts, lifecycle timings and the snapshot to start from. A template's field means what
 * the Sandbox's field of the same name means, so the fields, their checks and their defaults live here once.
 *
 * <p>The descriptions are those a Sandbox shows to kubectl; {@link SandboxTemplateSpec} overrides the getters to
 * describe the fields in a template's words, and {@link SandboxSpec} adds the limits only a Sandbox has. Null lists
 * and maps are read as empty, so callers may always add to them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class SandboxBlueprint {

    @Size(max = 255)
    @JsonPropertyDescription(
            "Container image reference, e.g. `python:3.12-slim` or `sandbox-busybox:local`. It must exist on the node or be pullable from a registry the node can reach. Required unless `buildContext` is given.")
    private String image;

    @JsonPropertyDescription(
            "Files to build the image from on the node, by path (must contain `Dockerfile`). The image is tagged by a hash of the context and reused while the hash matches; `image` is then optional.")
    private Map<String, String> buildContext;

    @SchemaFrom(type = AnyType.class)
    @JsonDeserialize(using = CommandDeserializer.class)
    @JsonPropertyDescription(
            "Command (arguments) run by the entrypoint; replaces the image's CMD. A single string is run by `/bin/sh -c`. At most 4096 arguments, 256 KiB with the entrypoint.")
    private List<String> command;

    @SchemaFrom(type = AnyType.class)
    @JsonDeserialize(using = CommandDeserializer.class)
    @JsonPropertyDescription(
            "Entrypoint executable and its first arguments; replaces the image's ENTRYPOINT. A single string is run by `/bin/sh -c`.")
    private List<String> entrypoint;

    @JsonPropertyDescription(
            "Environment variables set in the sandbox, by name (at most 1024, 256 KiB of names and values together).")
    private Map<String, String> env = new LinkedHashMap<>();

    @JsonPropertyDescription("Resource limits; defaults apply to every omitted field.")
    private SandboxResources resources = new SandboxResources();

    @JsonPropertyDescription(
            "Ports of the sandbox to publish on its node, from the node's port range. Without ports (and without `network.mode: Egress`) the sandbox has no network at all.")
    private List<SandboxPort> ports = new ArrayList<>();

    @JsonPropertyDescription(
            "NetworkVolumes mounted into the sandbox (at most 32). Changing the list recreates the container with the same workspace.")
    private List<SandboxMount> mounts = new ArrayList<>();

    @Min(0)
    @JsonPropertyDescription(
            "Seconds without activity (exec, file or SDK calls on it) after which the sandbox is stopped; a stopped idle sandbox is deleted after a further period set on the operator. 0 turns this off; omit it for the cluster default.")
    private Long idleTimeoutSeconds;

    @Min(0)
    @Max(3600)
    @JsonPropertyDescription(
            "Seconds between SIGTERM and SIGKILL when the sandbox is stopped, restarted or deleted. Default: the operator setting (10).")
    private Integer stopTimeoutSeconds;

    @JsonPropertyDescription(
            "What happens when `resources.timeoutSeconds` has passed: `Delete` (default) removes the sandbox, `Stop` stops it and keeps its workspace.")
    private ShutdownPolicy shutdownPolicy;

    @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
    @JsonPropertyDescription(
            "Name of a SandboxSnapshot in the same namespace to start from: its image (when `image` is omitted) and a copy of its workspace. The sandbox runs on the snapshot's node.")
    private String snapshot;

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public Map<String, String> getBuildContext() {
        return buildContext;
    }

    public void setBuildContext(Map<String, String> buildContext) {
        this.buildContext = buildContext;
    }

    public List<String> getCommand() {
        return command;
    }

    public void setCommand(List<String> command) {
        this.command = command;
    }

    public List<String> getEntrypoint() {
        return entrypoint;
    }

    public void setEntrypoint(List<String> entrypoint) {
        this.entrypoint = entrypoint;
    }

    public Map<String, String> getEnv() {
        return env;
    }

    public void setEnv(Map<String, String> env) {
        this.env = env == null ? new LinkedHashMap<>() : env;
    }

    public SandboxResources getResources() {
        return resources;
    }

    public void setResources(SandboxResources resources) {
        this.resources = resources == null ? new SandboxResources() : resources;
    }

    public List<SandboxPort> getPorts() {
        return ports;
    }

    public void setPorts(List<SandboxPort> ports) {
        this.ports = ports == null ? new ArrayList<>() : ports;
    }

    public List<SandboxMount> getMounts() {
        return mounts;
    }

    public void setMounts(List<SandboxMount> mounts) {
        this.mounts = mounts == null ? new ArrayList<>() : mounts;
    }

    public Long getIdleTimeoutSeconds() {
        return idleTimeoutSeconds;
    }

    public void setIdleTimeoutSeconds(Long idleTimeoutSeconds) {
        this.idleTimeoutSeconds = idleTimeoutSeconds;
    }

    public Integer getStopTimeoutSeconds() {
        return stopTimeoutSeconds;
    }

    public void setStopTimeoutSeconds(Integer stopTimeoutSeconds) {
        this.stopTimeoutSeconds = stopTimeoutSeconds;
    }

    public ShutdownPolicy getShutdownPolicy() {
        return shutdownPolicy;
    }

    public void setShutdownPolicy(ShutdownPolicy shutdownPolicy) {
        this.shutdownPolicy = shutdownPolicy;
    }

    public String getSnapshot() {
        return snapshot;
    }

    public void setSnapshot(String snapshot) {
        this.snapshot = snapshot;
    }
}
