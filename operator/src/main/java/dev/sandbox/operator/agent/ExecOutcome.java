package dev.sandbox.operator.agent;

import dev.sandbox.operator.runtime.ExecStream;
import dev.sandbox.operator.runtime.RuntimeUnavailableException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a command ended.
 *
 * @param exitCode its exit code; 137 when it was killed for its timeout, -1 when the engine could not tell
 * @param timedOut whether it was killed for its timeout
 * @param durationMs how long it ran
 */
record ExecOutcome(int exitCode, boolean timedOut, long durationMs) {
    static final int KILLED = 137;

    /**
     * Waits for the command to end, killing it at {@code timeout}. When the output receiver failed (the client went
     * away) the command is killed and the failure rethrown.
     */
    static ExecOutcome await(ExecStream stream, Duration timeout) {
        try {
            Integer code = stream.exit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new ExecOutcome(code == null ? -1 : code, false, stream.elapsedMillis());
        } catch (TimeoutException e) {
            stream.kill();
            try {
                stream.exit().get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException stillGoing) {
                // Killed or not, the caller gets "timed out"; the stream is closed below.
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return new ExecOutcome(KILLED, true, stream.elapsedMillis());
        } catch (ExecutionException e) {
            stream.kill();
            if (e.getCause() instanceof UncheckedIOException gone) {
                throw gone;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new RuntimeUnavailableException("exec failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            stream.kill();
            Thread.currentThread().interrupt();
            throw new RuntimeUnavailableException("interrupted while waiting for a command", e);
        } finally {
            stream.close();
        }
    }

    Map<String, Object> toJson() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("exitCode", exitCode);
        body.put("timedOut", timedOut);
        body.put("durationMs", durationMs);
        return body;
    }
}
