package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the operator made of a snapshot. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxSnapshotStatus {
    public static final String PENDING = "Pending";
    public static final String READY = "Ready";
    public static final String FAILED = "Failed";

    @JsonPropertyDescription("Pending, Ready or Failed.")
    private String phase;

    @JsonPropertyDescription(
            "Machine-readable reason of the phase, e.g. Taken, SandboxNotFound, NoContainer, MemoryUnsupported, InUse.")
    private String reason;

    @JsonPropertyDescription("Human-readable explanation of the phase.")
    private String message;

    @JsonPropertyDescription("Node that holds the snapshot's image and volume; sandboxes started from it run there.")
    private String nodeName;

    @JsonPropertyDescription("Image committed from the sandbox's container.")
    private String image;

    @JsonPropertyDescription("Docker volume holding the copy of the sandbox's workspace.")
    private String volume;

    @JsonPropertyDescription("UID of the sandbox the snapshot was taken of.")
    private String sourceUid;

    @JsonPropertyDescription("Image of the sandbox the snapshot was taken of.")
    private String sourceImage;

    @JsonPropertyDescription("Bytes of the workspace copy.")
    private Long workspaceBytes;

    @JsonPropertyDescription(
            "Bytes of the committed image (its own layer and the layers it shares with the source image).")
    private Long imageBytes;

    @JsonPropertyDescription("workspaceBytes plus the committed image's own layer.")
    private Long sizeBytes;

    @JsonPropertyDescription("How long taking the snapshot took, in milliseconds.")
    private Long durationMs;

    @JsonPropertyDescription("When the snapshot became ready (RFC 3339).")
    private String readyAt;

    @JsonPropertyDescription(
            "Sandboxes started from this snapshot that still exist; while any does, deleting the snapshot is held.")
    private List<String> usedBy = new ArrayList<>();

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getNodeName() {
        return nodeName;
    }

    public void setNodeName(String nodeName) {
        this.nodeName = nodeName;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getVolume() {
        return volume;
    }

    public void setVolume(String volume) {
        this.volume = volume;
    }

    public String getSourceUid() {
        return sourceUid;
    }

    public void setSourceUid(String sourceUid) {
        this.sourceUid = sourceUid;
    }

    public String getSourceImage() {
        return sourceImage;
    }

    public void setSourceImage(String sourceImage) {
        this.sourceImage = sourceImage;
    }

    public Long getWorkspaceBytes() {
        return workspaceBytes;
    }

    public void setWorkspaceBytes(Long workspaceBytes) {
        this.workspaceBytes = workspaceBytes;
    }

    public Long getImageBytes() {
        return imageBytes;
    }

    public void setImageBytes(Long imageBytes) {
        this.imageBytes = imageBytes;
    }

    public Long getSizeBytes() {
        return sizeBytes;
    }

    public void setSizeBytes(Long sizeBytes) {
        this.sizeBytes = sizeBytes;
    }

    public Long getDurationMs() {
        return durationMs;
    }

    public void setDurationMs(Long durationMs) {
        this.durationMs = durationMs;
    }

    public String getReadyAt() {
        return readyAt;
    }

    public void setReadyAt(String readyAt) {
        this.readyAt = readyAt;
    }

    public List<String> getUsedBy() {
        return usedBy;
    }

    public void setUsedBy(List<String> usedBy) {
        this.usedBy = usedBy == null ? new ArrayList<>() : usedBy;
    }
}
