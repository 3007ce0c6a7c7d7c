package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** CPU, memory, disk, GPU, lifetime and retry limits of a sandbox. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxResources {
    public static final double DEFAULT_CPU = 1.0;
    public static final String DEFAULT_MEMORY = "512m";
    public static final String DEFAULT_DISK = "1g";

    @Min(0.1)
    @Max(8.0)
    @JsonPropertyDescription("CPU limit in cores, from 0.1 to 8.0. Default 1.0.")
    private Double cpu = DEFAULT_CPU;

    @Pattern("^[0-9]+(\\.[0-9]+)?[bkmgBKMG]?$")
    @Size(max = 32)
    @JsonPropertyDescription(
            "Memory limit such as `512m` or `1g` (b, k, m, g suffixes; no suffix means bytes), from 6m to 256g. Swap is not granted on top. Default `512m`.")
    private String memory = DEFAULT_MEMORY;

    @Pattern("^[0-9]+(\\.[0-9]+)?[bkmgBKMG]?$")
    @JsonPropertyDescription(
            "Size of the workspace file system such as `1g` (b, k, m, g suffixes), at least `16m` and at most the cluster's "
                    + "maximum (operator setting `SANDBOX_MAX_DISK`, default `10g`). Writing past it fails with \"No space left on device\"; files "
                    + "(inodes) are bounded with it. Default `1g`.")
    private String disk = DEFAULT_DISK;

    @JsonPropertyDescription(
            "GPUs to give the sandbox: a count such as `1`, `all`, or comma-separated device ids. Omit for none.")
    private String gpu;

    @Min(1)
    @Max(31536000)
    @JsonPropertyDescription(
            "Lifetime in seconds, counted from creation, at most 31536000 (365 days). Omit for no limit.")
    private Long timeoutSeconds;

    @Min(0)
    @Max(100)
    @JsonPropertyDescription(
            "How many times a container that exits with an error is restarted before the sandbox is marked Failed. Default 0.")
    private Integer maxRetries;

    public Double getCpu() {
        return cpu;
    }

    public void setCpu(Double cpu) {
        this.cpu = cpu;
    }

    public String getMemory() {
        return memory;
    }

    public void setMemory(String memory) {
        this.memory = memory;
    }

    public String getDisk() {
        return disk;
    }

    public void setDisk(String disk) {
        this.disk = disk;
    }

    public String getGpu() {
        return gpu;
    }

    public void setGpu(String gpu) {
        this.gpu = gpu;
    }

    public Long getTimeoutSeconds() {
        return timeoutSeconds;
    }

    public void setTimeoutSeconds(Long timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public Integer getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(Integer maxRetries) {
        this.maxRetries = maxRetries;
    }
}
