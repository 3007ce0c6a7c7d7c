package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.AnyType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What sandboxes made from a template get. Every field means what the field of the same name in a Sandbox's spec
 * means; {@code overridable} says which of them a sandbox may set differently.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxTemplateSpec {

    @Size(max = 255)
    @JsonPropertyDescription(
            "Container image reference, e.g. `python:3.12-slim`. Required unless `buildContext` is given.")
    private String image;

    @JsonPropertyDescription(
            "Files to build the image from on the node, by path (must contain `Dockerfile`); `image` is then optional.")
    private Map<String, String> buildContext;

    @SchemaFrom(type = AnyType.class)
    @JsonDeserialize(using = CommandDeserializer.class)
    @JsonPropertyDescription(
            "Command (arguments) run by the entrypoint; a single string is run by `/bin/sh -c`. Omit for the image's CMD.")
    private List<String> command;

    @SchemaFrom(type = AnyType.class)
    @JsonDeserialize(using = CommandDeserializer.class)
    @JsonPropertyDescription(
            "Entrypoint executable and its first arguments; a single string is run by `/bin/sh -c`. Omit for the image's ENTRYPOINT.")
    private List<String> entrypoint;

    @JsonPropertyDescription(
            "Environment variables of every sandbox made from the template. A sandbox's own variables are added (same name: the sandbox's wins) when `environment` is overridable.")
    private Map<String, String> env = new LinkedHashMap<>();

    @JsonPropertyDescription("CPU, memory, GPU, lifetime (`timeoutSeconds`) and retry limits of the sandboxes.")
    private SandboxResources resources = new SandboxResources();

    @JsonPropertyDescription("Ports to publish, as in a Sandbox.")
    private List<SandboxPort> ports = new ArrayList<>();

    @JsonPropertyDescription("NetworkVolumes mounted into every sandbox made from the template.")
    private List<SandboxMount> mounts = new ArrayList<>();

    @Min(0)
    @JsonPropertyDescription("Default idle timeout in seconds (0: never); omit for the cluster default.")
    private Long idleTimeoutSeconds;

    @Min(0)
    @Max(3600)
    @JsonPropertyDescription(
            "Seconds between SIGTERM and SIGKILL when a sandbox is stopped; omit for the operator setting.")
    private Integer stopTimeoutSeconds;

    @JsonPropertyDescription("What happens when the lifetime has passed: `Delete` (default) or `Stop`.")
    private ShutdownPolicy shutdownPolicy;

    @io.fabric8.generator.annotation.Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
    @JsonPropertyDescription(
            "Name of a SandboxSnapshot in the template's namespace that every sandbox made from the template starts from: its image (unless `image` is given) and a copy of its workspace. Such sandboxes run on the snapshot's node. A sandbox that overrides `image` starts from the image instead.")
    private String snapshot;

    @JsonPropertyDescription(
            "Fields a sandbox made from this template may set differently, by their REST names: `image` (also `buildContext`), `command`, `entrypoint`, `environment`, `resources.cpu`, `resources.memory`, `resources.gpu`, `resources.timeout`, `resources.maxRetries`, `resources.idleTimeout`, `ports`, `mounts`, `shutdownPolicy`, `stopTimeoutSeconds`. Omitted: `environment`, `resources.cpu`, `resources.memory`, `resources.timeout` and `resources.idleTimeout`. An empty list allows nothing.")
    private List<String> overridable;

    public String getSnapshot() {
        return snapshot;
    }

    public void setSnapshot(String snapshot) {
        this.snapshot = snapshot;
    }

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

    public List<String> getOverridable() {
        return overridable;
    }

    public void setOverridable(List<String> overridable) {
        this.overridable = overridable;
    }
}
