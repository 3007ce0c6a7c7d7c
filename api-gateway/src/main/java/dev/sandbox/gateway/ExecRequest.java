package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Body of {@code POST /v1/sandboxes/{id}/exec}, {@code .../exec/stream} and the first message of {@code .../exec/ws}.
 *
 * @param command a command line (run by {@code /bin/sh -c}) or a list of arguments
 * @param timeoutSeconds how long it may run, 1 to 3600 (default 60)
 * @param workdir working directory; relative paths are inside {@code /workspace}, the default
 * @param environment extra environment variables
 * @param user user to run as (the node's allow-list; never root unless the sandbox runs as root)
 * @param stdin whether standard input will be sent (WebSocket only)
 * @param tty whether to run the command in a pseudo-terminal (WebSocket only; implies stdin)
 * @param columns width of the terminal, 1 to 1000 (default 80)
 * @param rows height of the terminal, 1 to 1000 (default 24)
 */
public record ExecRequest(
        JsonNode command,
        Integer timeoutSeconds,
        String workdir,
        Map<String, String> environment,
        String user,
        Boolean stdin,
        Boolean tty,
        Integer columns,
        Integer rows) {}
