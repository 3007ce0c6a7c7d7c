package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * Usage samples of a sandbox, as returned by {@link SandboxClient#getUsage(String, Instant)}.
 *
 * @param id the sandbox id
 * @param since the samples were taken after this time
 * @param samples the samples, oldest first
 * @param truncated {@code true} when more samples follow the last one; ask again with its
 *     {@link UsageSample#sampledAt()} as {@code since}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UsageHistory(String id, @JsonTimestamp Instant since, List<UsageSample> samples, boolean truncated) {

    /**
     * Creates the history; an absent sample list becomes empty.
     *
     * @param id see the record description
     * @param since see the record description
     * @param samples see the record description
     * @param truncated see the record description
     */
    public UsageHistory {
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    /**
     * The newest sample, if there is any.
     *
     * @return the last sample, or {@code null} when there are none
     */
    public UsageSample latest() {
        return samples.isEmpty() ? null : samples.get(samples.size() - 1);
    }
}
