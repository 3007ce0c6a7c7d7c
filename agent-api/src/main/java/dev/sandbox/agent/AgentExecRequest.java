package dev.sandbox.agent;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.sandbox.crd.CommandDeserializer;
import java.util.List;
import java.util.Map;

/**
 * A command as the gateway sends it to the node agent ({@code POST .../exec}, {@code .../exec/stream},
 * {@code .../processes} and the first message of {@code .../exec/ws}). The gateway has checked it against
 * {@link ExecLimits}; the agent checks it again, with the node's own rules (users, working directory).
 *
 * @param command executable and arguments; a single string is a command line run by {@code /bin/sh -c}
 * @param timeoutSeconds how long it may run, 1 to {@link ExecLimits#MAX_TIMEOUT_SECONDS} (default 60)
 * @param workdir working directory; relative paths are inside {@code /workspace}, the default
 * @param environment extra environment variables
 * @param user user to run as, from the node's allow-list, or null for the sandbox's own user
 * @param stdin whether standard input will be sent (WebSocket only)
 * @param maxOutputBytes cap on each of stdout and stderr in a collected result
 * @param tty whether to run the command in a pseudo-terminal (WebSocket only; implies stdin)
 * @param columns width of the terminal (default 80)
 * @param rows height of the terminal (default 24)
 */
public record AgentExecRequest(
        @JsonDeserialize(using = CommandDeserializer.class) List<String> command,
        Integer timeoutSeconds,
        String workdir,
        Map<String, String> environment,
        String user,
        Boolean stdin,
        Integer maxOutputBytes,
        Boolean tty,
        Integer columns,
        Integer rows) {

    /** A request without a terminal. */
    public AgentExecRequest(
            List<String> command,
            Integer timeoutSeconds,
            String workdir,
            Map<String, String> environment,
            String user,
            Boolean stdin,
            Integer maxOutputBytes) {
        this(command, timeoutSeconds, workdir, environment, user, stdin, maxOutputBytes, null, null, null);
    }

    /** Whether the command runs in a pseudo-terminal. */
    public boolean terminal() {
        return Boolean.TRUE.equals(tty);
    }

    /** The same request with {@code environment} in place of its own. */
    public AgentExecRequest withEnvironment(Map<String, String> environment) {
        return new AgentExecRequest(
                command, timeoutSeconds, workdir, environment, user, stdin, maxOutputBytes, tty, columns, rows);
    }
}
