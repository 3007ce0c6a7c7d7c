package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * A command started in the background with {@link SandboxClient#startProcess}.
 *
 * @param id its id in the sandbox, such as {@code proc-k3v9q2m1xa}
 * @param command the executable and its arguments
 * @param running whether it is still running
 * @param exitCode its exit status once it has ended ({@code 137} when killed for its timeout), else {@code null}
 * @param timedOut whether it was killed for its timeout
 * @param startedAt when it started
 * @param finishedAt when it ended, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackgroundProcess(
        String id,
        List<String> command,
        boolean running,
        Integer exitCode,
        boolean timedOut,

        @JsonTimestamp Instant startedAt,

        @JsonTimestamp Instant finishedAt) {}
