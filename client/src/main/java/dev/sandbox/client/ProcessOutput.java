package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * Output of a background process from given offsets on. The node keeps the latest output (1 MiB per stream by
 * default); pass {@link #stdoutNext()} and {@link #stderrNext()} to the next call to get only what is new.
 *
 * @param running whether the process is still running
 * @param exitCode its exit status once it has ended, else {@code null}
 * @param stdout standard output from the asked offset on
 * @param stderr standard error from the asked offset on
 * @param stdoutNext the standard output offset to ask for next
 * @param stderrNext the standard error offset to ask for next
 * @param dropped whether some output between the asked offsets and what is returned was no longer kept
 * @param id the process's id in the sandbox
 * @param command the executable and its arguments
 * @param timedOut whether it was killed for its timeout
 * @param startedAt when it started
 * @param finishedAt when it ended, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProcessOutput(
        boolean running,
        Integer exitCode,
        String stdout,
        String stderr,
        long stdoutNext,
        long stderrNext,
        boolean dropped,
        String id,
        List<String> command,
        boolean timedOut,

        @JsonTimestamp Instant startedAt,

        @JsonTimestamp Instant finishedAt) {}
