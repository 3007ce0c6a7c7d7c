package dev.sandbox.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * The gateway's exec request, built once for every way a command is run: at once, streamed, interactive or in the
 * background.
 */
final class ExecRequests {
    private ExecRequests() {}

    /**
     * The request body for {@code command} with {@code options}: a command of exactly the shell form travels as its
     * command line (the gateway reads both the same way), the timeout in whole seconds rounded up.
     *
     * @throws SandboxValidationException when the command is empty, the timeout is out of range or a terminal is asked
     *     for (only an interactive command has one)
     */
    static ObjectNode body(ObjectMapper json, List<String> command, ExecOptions options) {
        if (options != null && options.terminal() != null) {
            throw new SandboxValidationException(
                    "a terminal is only for an interactive command (openInteractive)", "terminal");
        }
        return fields(json, command, options);
    }

    /**
     * The request body of an interactive command: standard input open, and a pseudo-terminal of the size the options
     * give, if they give one.
     *
     * @throws SandboxValidationException when the command is empty or the timeout is out of range
     */
    static ObjectNode interactiveBody(ObjectMapper json, List<String> command, ExecOptions options) {
        ObjectNode body = fields(json, command, options);
        body.put("stdin", true);
        TerminalSize terminal = options == null ? null : options.terminal();
        if (terminal != null) {
            body.put("tty", true);
            body.put("columns", terminal.columns());
            body.put("rows", terminal.rows());
        }
        return body;
    }

    private static ObjectNode fields(ObjectMapper json, List<String> command, ExecOptions options) {
        Arguments.command(command);
        ExecOptions o = options == null ? ExecOptions.defaults() : options;
        ObjectNode body = json.createObjectNode();
        if (SandboxJson.isShellForm(command)) {
            body.put("command", command.get(2));
        } else {
            ArrayNode args = body.putArray("command");
            command.forEach(args::add);
        }
        if (o.timeout() != null) {
            body.put("timeoutSeconds", Arguments.execTimeoutSeconds(o.timeout()));
        }
        if (o.workdir() != null) {
            body.put("workdir", o.workdir());
        }
        if (!o.environment().isEmpty()) {
            ObjectNode env = body.putObject("environment");
            o.environment().forEach(env::put);
        }
        if (o.user() != null) {
            body.put("user", o.user());
        }
        return body;
    }

    /** How long the gateway may hold an exec open: the command's own timeout, or the gateway's default without one. */
    static Duration commandTimeout(ExecOptions options) {
        return options == null || options.timeout() == null
                ? Transport.GATEWAY_DEFAULT_WAIT
                : Duration.ofSeconds(Arguments.execTimeoutSeconds(options.timeout()));
    }
}
