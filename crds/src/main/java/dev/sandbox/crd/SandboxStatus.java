package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed about a sandbox. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxStatus extends ConditionedStatus {

    @JsonPropertyDescription("Pending, Creating, Running, Paused, Stopped, Failed or Terminating.")
    private SandboxPhase phase;

    @JsonPropertyDescription("Docker id of the sandbox's container.")
    private String containerId;

    @JsonPropertyDescription("Docker name of the sandbox's container.")
    private String containerName;

    @JsonPropertyDescription("Node whose Docker engine runs the sandbox.")
    private String nodeName;

    @JsonPropertyDescription("When the container last started (RFC 3339).")
    private String startedAt;

    @JsonPropertyDescription("When the container last exited (RFC 3339).")
    private String finishedAt;

    @JsonPropertyDescription("Exit code of the container's last run, when it has exited.")
    private Integer exitCode;

    @JsonPropertyDescription(
            "Machine-readable reason of the current phase, e.g. Started, Completed, Error, OOMKilled, ContainerRemoved, InvalidSpec.")
    private String reason;

    @JsonPropertyDescription("Ports as published on the node.")
    private List<ResolvedPort> ports = new ArrayList<>();

    @JsonPropertyDescription(
            "The sandbox's network as its node applies it: mode, bridge interface and whether the firewall rules are in place.")
    private SandboxNetworkStatus network;

    @JsonPropertyDescription("How many times the operator restarted the container after it exited.")
    private Integer restartCount = 0;

    @JsonPropertyDescription("The last `spec.restartRequest` the operator has carried out.")
    private Integer observedRestartRequest;

    @JsonPropertyDescription(
            "Automatic restarts after failures since the spec last changed; limited by `resources.maxRetries`.")
    private Integer retryCount;

    @JsonPropertyDescription("When the next automatic restart after a failure is due (RFC 3339), while one is pending.")
    private String nextRetryAt;

    @JsonPropertyDescription(
            "When the sandbox reaches its lifetime (`resources.timeoutSeconds`) and is stopped or deleted (RFC 3339).")
    private String expiresAt;

    @JsonPropertyDescription("Image the container runs; for a built sandbox the tag of the built image.")
    private String image;

    @JsonPropertyDescription("Hash of the build context the image was built from.")
    private String buildContextHash;

    @JsonPropertyDescription("Generation of the spec whose build request (forceBuild) was last carried out.")
    private Long builtForGeneration;

    @JsonPropertyDescription("Last part of the output of the image build.")
    private String buildLog;

    @JsonPropertyDescription("Last lines the container printed before it exited, kept when it failed.")
    private String logTail;

    @JsonPropertyDescription(
            "The SandboxSnapshot whose workspace was copied into this sandbox's workspace when it was created.")
    private String restoredFromSnapshot;

    @JsonPropertyDescription("Workspace file system: bytes used and its size limit.")
    private SandboxDisk disk;

    @JsonPropertyDescription("Recent resource usage while Running, refreshed about once a minute; absent otherwise.")
    private SandboxUsage usage;

    public SandboxNetworkStatus getNetwork() {
        return network;
    }

    public void setNetwork(SandboxNetworkStatus network) {
        this.network = network;
    }

    public SandboxPhase getPhase() {
        return phase;
    }

    public void setPhase(SandboxPhase phase) {
        this.phase = phase;
    }

    public String getContainerId() {
        return containerId;
    }

    public void setContainerId(String containerId) {
        this.containerId = containerId;
    }

    public String getContainerName() {
        return containerName;
    }

    public void setContainerName(String containerName) {
        this.containerName = containerName;
    }

    public String getNodeName() {
        return nodeName;
    }

    public void setNodeName(String nodeName) {
        this.nodeName = nodeName;
    }

    public String getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    public String getFinishedAt() {
        return finishedAt;
    }

    public void setFinishedAt(String finishedAt) {
        this.finishedAt = finishedAt;
    }

    public Integer getExitCode() {
        return exitCode;
    }

    public void setExitCode(Integer exitCode) {
        this.exitCode = exitCode;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public List<ResolvedPort> getPorts() {
        return ports;
    }

    public void setPorts(List<ResolvedPort> ports) {
        this.ports = ports == null ? new ArrayList<>() : ports;
    }

    public Integer getRestartCount() {
        return restartCount;
    }

    public void setRestartCount(Integer restartCount) {
        this.restartCount = restartCount;
    }

    public Integer getObservedRestartRequest() {
        return observedRestartRequest;
    }

    public void setObservedRestartRequest(Integer observedRestartRequest) {
        this.observedRestartRequest = observedRestartRequest;
    }

    public Integer getRetryCount() {
        return retryCount;
    }

    public void setRetryCount(Integer retryCount) {
        this.retryCount = retryCount;
    }

    public String getNextRetryAt() {
        return nextRetryAt;
    }

    public void setNextRetryAt(String nextRetryAt) {
        this.nextRetryAt = nextRetryAt;
    }

    public String getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(String expiresAt) {
        this.expiresAt = expiresAt;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getBuildContextHash() {
        return buildContextHash;
    }

    public void setBuildContextHash(String buildContextHash) {
        this.buildContextHash = buildContextHash;
    }

    public Long getBuiltForGeneration() {
        return builtForGeneration;
    }

    public void setBuiltForGeneration(Long builtForGeneration) {
        this.builtForGeneration = builtForGeneration;
    }

    public String getBuildLog() {
        return buildLog;
    }

    public void setBuildLog(String buildLog) {
        this.buildLog = buildLog;
    }

    public String getLogTail() {
        return logTail;
    }

    public void setLogTail(String logTail) {
        this.logTail = logTail;
    }

    public String getRestoredFromSnapshot() {
        return restoredFromSnapshot;
    }

    public void setRestoredFromSnapshot(String restoredFromSnapshot) {
        this.restoredFromSnapshot = restoredFromSnapshot;
    }

    public SandboxDisk getDisk() {
        return disk;
    }

    public void setDisk(SandboxDisk disk) {
        this.disk = disk;
    }

    public SandboxUsage getUsage() {
        return usage;
    }

    public void setUsage(SandboxUsage usage) {
        this.usage = usage;
    }

    @Override
    @JsonPropertyDescription("Detailed conditions (Scheduled, Ready) with reasons and the generation they describe.")
    public List<ResourceCondition> getConditions() {
        return super.getConditions();
    }
}
