package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * A compact, recent resource-usage sample of a running sandbox. Written at a modest rate (about once a minute, sooner
 * on a large change), so it is a glance, not a time series: the history is in {@code GET /v1/sandboxes/{id}/usage}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxUsage {

    @JsonPropertyDescription("When the sample was taken (RFC 3339).")
    private String sampledAt;

    @JsonPropertyDescription("CPU use over about one second, in percent of one core (200 means two cores busy).")
    private Double cpuPercent;

    @JsonPropertyDescription("Memory in use in bytes, without page cache the kernel can reclaim.")
    private Long memoryBytes;

    @JsonPropertyDescription("Memory limit of the container in bytes.")
    private Long memoryLimitBytes;

    @JsonPropertyDescription("Processes and threads running in the sandbox.")
    private Long pids;

    @JsonPropertyDescription("Bytes received over the sandbox's network since its container started.")
    private Long networkRxBytes;

    @JsonPropertyDescription("Bytes sent over the sandbox's network since its container started.")
    private Long networkTxBytes;

    @JsonPropertyDescription("Bytes read from block devices since the container started.")
    private Long blockReadBytes;

    @JsonPropertyDescription("Bytes written to block devices since the container started.")
    private Long blockWriteBytes;

    public SandboxUsage() {}

    public SandboxUsage(
            String sampledAt,
            Double cpuPercent,
            Long memoryBytes,
            Long memoryLimitBytes,
            Long pids,
            Long networkRxBytes,
            Long networkTxBytes,
            Long blockReadBytes,
            Long blockWriteBytes) {
        this.sampledAt = sampledAt;
        this.cpuPercent = cpuPercent;
        this.memoryBytes = memoryBytes;
        this.memoryLimitBytes = memoryLimitBytes;
        this.pids = pids;
        this.networkRxBytes = networkRxBytes;
        this.networkTxBytes = networkTxBytes;
        this.blockReadBytes = blockReadBytes;
        this.blockWriteBytes = blockWriteBytes;
    }

    public String getSampledAt() {
        return sampledAt;
    }

    public void setSampledAt(String sampledAt) {
        this.sampledAt = sampledAt;
    }

    public Double getCpuPercent() {
        return cpuPercent;
    }

    public void setCpuPercent(Double cpuPercent) {
        this.cpuPercent = cpuPercent;
    }

    public Long getMemoryBytes() {
        return memoryBytes;
    }

    public void setMemoryBytes(Long memoryBytes) {
        this.memoryBytes = memoryBytes;
    }

    public Long getMemoryLimitBytes() {
        return memoryLimitBytes;
    }

    public void setMemoryLimitBytes(Long memoryLimitBytes) {
        this.memoryLimitBytes = memoryLimitBytes;
    }

    public Long getPids() {
        return pids;
    }

    public void setPids(Long pids) {
        this.pids = pids;
    }

    public Long getNetworkRxBytes() {
        return networkRxBytes;
    }

    public void setNetworkRxBytes(Long networkRxBytes) {
        this.networkRxBytes = networkRxBytes;
    }

    public Long getNetworkTxBytes() {
        return networkTxBytes;
    }

    public void setNetworkTxBytes(Long networkTxBytes) {
        this.networkTxBytes = networkTxBytes;
    }

    public Long getBlockReadBytes() {
        return blockReadBytes;
    }

    public void setBlockReadBytes(Long blockReadBytes) {
        this.blockReadBytes = blockReadBytes;
    }

    public Long getBlockWriteBytes() {
        return blockWriteBytes;
    }

    public void setBlockWriteBytes(Long blockWriteBytes) {
        this.blockWriteBytes = blockWriteBytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SandboxUsage u
                && Objects.equals(sampledAt, u.sampledAt)
                && Objects.equals(cpuPercent, u.cpuPercent)
                && Objects.equals(memoryBytes, u.memoryBytes)
                && Objects.equals(memoryLimitBytes, u.memoryLimitBytes)
                && Objects.equals(pids, u.pids)
                && Objects.equals(networkRxBytes, u.networkRxBytes)
                && Objects.equals(networkTxBytes, u.networkTxBytes)
                && Objects.equals(blockReadBytes, u.blockReadBytes)
                && Objects.equals(blockWriteBytes, u.blockWriteBytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                sampledAt,
                cpuPercent,
                memoryBytes,
                memoryLimitBytes,
                pids,
                networkRxBytes,
                networkTxBytes,
                blockReadBytes,
                blockWriteBytes);
    }
}
