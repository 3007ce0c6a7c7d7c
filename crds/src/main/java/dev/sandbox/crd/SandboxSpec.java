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

/** What the user wants: image, process, environment, limits, ports and whether it should run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxSpec {

    @Size(max = 255)
    @JsonPropertyDescription(
            "Container image reference, e.g. `python:3.12-slim` or `sandbox-busybox:local`. It must exist on the node or be pullable from a registry the node can reach. Required unless `buildContext` is given.")
    private String image;

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

    @Size(max = 1024)
    @JsonPropertyDescription(
            "Environment variables set in the sandbox, by name (at most 1024, 256 KiB of names and values together).")
    private Map<String, String> env = new LinkedHashMap<>();

    @JsonPropertyDescription("Resource limits; defaults apply to every omitted field.")
    private SandboxResources resources = new SandboxResources();

    @Size(max = 32)
    @JsonPropertyDescription(
            "Ports of the sandbox to publish on its node, from the node's port range. Without ports (and without `network.mode: Egress`) the sandbox has no network at all.")
    private List<SandboxPort> ports = new ArrayList<>();

    @JsonPropertyDescription(
            "Outbound network access: mode `None` or `Egress`, with optional allow and deny lists of IPv4 CIDRs. The node, the cluster and other sandboxes are never reachable.")
    private SandboxNetwork network;

    @JsonPropertyDescription(
            "Desired state: `Running` (the default), `Paused` (processes frozen with their memory kept, no CPU used) or `Stopped` (the workspace volume is kept, memory is not).")
    private DesiredState desiredState = DesiredState.Running;

    @Min(0)
    @Max(31536000)
    @JsonPropertyDescription(
            "Seconds without activity (exec, file or SDK calls on it) after which the sandbox is stopped; a stopped idle sandbox is deleted after a further period set on the operator. 0 turns this off; omit it for the cluster default.")
    private Long idleTimeoutSeconds;

    @JsonPropertyDescription(
            "What happens when the idle timeout passes: `Stop` or `Pause` (memory kept). Omit it for the cluster default (operator setting SANDBOX_IDLE_ACTION, `Stop` unless set).")
    private IdleAction idleAction;

    @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
    @JsonPropertyDescription(
            "Name of a SandboxSnapshot in the same namespace to start from: its image (when `image` is omitted) and a copy of its workspace. The sandbox runs on the snapshot's node.")
    private String snapshot;

    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @JsonPropertyDescription(
            "Node that runs this sandbox. Set by the scheduler; set it yourself only to pin a sandbox to a node.")
    private String nodeName;

    @Min(0)
    @Max(1000000000)
    @JsonPropertyDescription(
            "Raise this number to ask for a restart: the operator restarts the container once for each new value (stop with the grace period, then start). Safe to retry.")
    private Integer restartRequest = 0;

    @Min(0)
    @Max(3600)
    @JsonPropertyDescription(
            "Seconds between SIGTERM and SIGKILL when the sandbox is stopped, restarted or deleted. Default: the operator setting (10).")
    private Integer stopTimeoutSeconds;

    @JsonPropertyDescription(
            "What happens when `resources.timeoutSeconds` has passed: `Delete` (default) removes the sandbox, `Stop` stops it and keeps its workspace.")
    private ShutdownPolicy shutdownPolicy = ShutdownPolicy.Delete;

    @JsonPropertyDescription(
            "Files to build the image from on the node, by path (must contain `Dockerfile`). The image is tagged by a hash of the context and reused while the hash matches; `image` is then optional.")
    private Map<String, String> buildContext;

    @JsonPropertyDescription(
            "Build the image from `buildContext` again even when an image for the same context exists.")
    private Boolean forceBuild;

    @Size(max = 32)
    @JsonPropertyDescription(
            "NetworkVolumes mounted into the sandbox (at most 32). Changing the list recreates the container with the same workspace.")
    private List<SandboxMount> mounts = new ArrayList<>();

    @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
    @JsonPropertyDescription(
            "Name of a SandboxTemplate in the sandbox's namespace to start from. Its fields fill in what this spec leaves out; fields the template does not allow to override make the sandbox Failed with reason InvalidSpec. Once merged (annotation `sandbox.dev/template-resolved`) the spec holds the effective values and later template changes do not touch the sandbox.")
    private String templateRef;

    @JsonPropertyDescription(
            "Environment added to every command run in the sandbox (exec, processes, terminals) without recreating its container; set when a sandbox is claimed from a warm pool with an environment. Changing `env` folds these in.")
    private Map<String, String> execEnv;

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
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

    public SandboxNetwork getNetwork() {
        return network;
    }

    public void setNetwork(SandboxNetwork network) {
        this.network = network;
    }

    public DesiredState getDesiredState() {
        return desiredState;
    }

    public void setDesiredState(DesiredState desiredState) {
        this.desiredState = desiredState == null ? DesiredState.Running : desiredState;
    }

    public Long getIdleTimeoutSeconds() {
        return idleTimeoutSeconds;
    }

    public void setIdleTimeoutSeconds(Long idleTimeoutSeconds) {
        this.idleTimeoutSeconds = idleTimeoutSeconds;
    }

    public IdleAction getIdleAction() {
        return idleAction;
    }

    public void setIdleAction(IdleAction idleAction) {
        this.idleAction = idleAction;
    }

    public String getSnapshot() {
        return snapshot;
    }

    public void setSnapshot(String snapshot) {
        this.snapshot = snapshot;
    }

    public String getNodeName() {
        return nodeName;
    }

    public void setNodeName(String nodeName) {
        this.nodeName = nodeName;
    }

    public Integer getRestartRequest() {
        return restartRequest;
    }

    public void setRestartRequest(Integer restartRequest) {
        this.restartRequest = restartRequest;
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

    public Map<String, String> getBuildContext() {
        return buildContext;
    }

    public void setBuildContext(Map<String, String> buildContext) {
        this.buildContext = buildContext;
    }

    public Boolean getForceBuild() {
        return forceBuild;
    }

    public void setForceBuild(Boolean forceBuild) {
        this.forceBuild = forceBuild;
    }

    public List<SandboxMount> getMounts() {
        return mounts;
    }

    public void setMounts(List<SandboxMount> mounts) {
        this.mounts = mounts == null ? new ArrayList<>() : mounts;
    }

    public String getTemplateRef() {
        return templateRef;
    }

    public void setTemplateRef(String templateRef) {
        this.templateRef = templateRef;
    }

    public Map<String, String> getExecEnv() {
        return execEnv;
    }

    public void setExecEnv(Map<String, String> execEnv) {
        this.execEnv = execEnv;
    }
}
