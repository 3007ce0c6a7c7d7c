package dev.sandbox.operator.agent;

import dev.sandbox.agent.AgentExecRequest;
import dev.sandbox.agent.ExecLimits;
import dev.sandbox.crd.SpecValidator;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.runtime.ExecCommand;
import dev.sandbox.operator.runtime.TerminalSize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks an exec request against the node's rules and turns it into what the engine runs. Pure. */
final class ExecPolicy {
    private static final Pattern USER =
            Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?");

    private final ExecUsers allowList;

    ExecPolicy(ExecUsers allowList) {
        this.allowList = allowList;
    }

    /**
     * @param containerUser the user the sandbox runs as ("" for root)
     * @param interactive whether the caller can send standard input (WebSocket)
     */
    ExecPlan plan(AgentExecRequest request, String containerUser, boolean interactive) {
        List<String> command = request.command();
        if (command == null || command.isEmpty()) {
            throw AgentException.invalid("command", "'command' is required and must not be empty");
        }
        if (command.size() == 3
                && command.get(0).equals("/bin/sh")
                && command.get(1).equals("-c")
                && command.get(2).isBlank()) {
            throw AgentException.invalid("command", "'command' must not be blank");
        }
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i) == null) {
                throw AgentException.invalid("command[" + i + "]", "every element of 'command' must be a string");
            }
            if (command.get(i).indexOf('\0') >= 0) {
                throw AgentException.invalid("command[" + i + "]", "'command' must not contain NUL characters");
            }
        }
        int timeout = request.timeoutSeconds() == null ? ExecLimits.DEFAULT_TIMEOUT_SECONDS : request.timeoutSeconds();
        if (timeout < 1 || timeout > ExecLimits.MAX_TIMEOUT_SECONDS) {
            throw AgentException.invalid(
                    "timeoutSeconds", "'timeoutSeconds' must be between 1 and " + ExecLimits.MAX_TIMEOUT_SECONDS);
        }
        int maxOutput =
                request.maxOutputBytes() == null ? ExecLimits.DEFAULT_MAX_OUTPUT_BYTES : request.maxOutputBytes();
        if (maxOutput < 1 || maxOutput > ExecLimits.MAX_OUTPUT_BYTES) {
            throw AgentException.invalid(
                    "maxOutputBytes", "'maxOutputBytes' must be between 1 and " + ExecLimits.MAX_OUTPUT_BYTES);
        }
        boolean stdin = Boolean.TRUE.equals(request.stdin());
        if (stdin && !interactive) {
            throw AgentException.invalid(
                    "stdin", "standard input can be sent only over the WebSocket exec (GET .../exec/ws)");
        }
        TerminalSize terminal = terminal(request, interactive);
        // A terminal is for typing into: it always takes standard input.
        return new ExecPlan(
                new ExecCommand(
                        command,
                        user(request.user(), containerUser),
                        workdir(request.workdir()),
                        environment(request.environment()),
                        stdin || terminal != null,
                        terminal),
                Duration.ofSeconds(timeout),
                maxOutput);
    }

    private static TerminalSize terminal(AgentExecRequest request, boolean interactive) {
        if (!Boolean.TRUE.equals(request.tty())) {
            if (request.columns() != null || request.rows() != null) {
                throw AgentException.invalid(
                        request.columns() != null ? "columns" : "rows",
                        "'columns' and 'rows' size a terminal: send \"tty\": true with them");
            }
            return null;
        }
        if (!interactive) {
            throw AgentException.invalid("tty", "a terminal needs the WebSocket exec (GET .../exec/ws)");
        }
        return new TerminalSize(
                cells("columns", request.columns(), ExecLimits.DEFAULT_COLUMNS),
                cells("rows", request.rows(), ExecLimits.DEFAULT_ROWS));
    }

    static int cells(String field, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 1 || value > ExecLimits.MAX_TERMINAL_CELLS) {
            throw AgentException.invalid(
                    field, "'" + field + "' must be between 1 and " + ExecLimits.MAX_TERMINAL_CELLS);
        }
        return value;
    }

    /** As {@link #plan}, for a background process: no timeout unless one is given, and no stdin. */
    ExecPlan planBackground(AgentExecRequest request, String containerUser) {
        Integer timeout = request.timeoutSeconds();
        if (timeout != null && (timeout < 1 || timeout > ExecLimits.MAX_BACKGROUND_TIMEOUT_SECONDS)) {
            throw AgentException.invalid(
                    "timeoutSeconds",
                    "'timeoutSeconds' of a background process must be between 1 and "
                            + ExecLimits.MAX_BACKGROUND_TIMEOUT_SECONDS + ", or left out to run until it ends");
        }
        ExecPlan checked = plan(
                new AgentExecRequest(
                        request.command(),
                        1,
                        request.workdir(),
                        request.environment(),
                        request.user(),
                        request.stdin(),
                        request.maxOutputBytes(),
                        request.tty(),
                        request.columns(),
                        request.rows()),
                containerUser,
                false);
        return new ExecPlan(
                checked.command(),
                timeout == null ? Duration.ZERO : Duration.ofSeconds(timeout),
                checked.maxOutputBytes());
    }

    static String workdir(String requested) {
        if (requested == null || requested.isBlank()) {
            return SandboxNames.WORKSPACE_PATH;
        }
        if (requested.indexOf('\0') >= 0) {
            throw AgentException.invalid("workdir", "'workdir' must not contain NUL characters");
        }
        if (requested.length() > ExecLimits.MAX_WORKDIR_CHARS) {
            throw AgentException.invalid(
                    "workdir", "'workdir' must be at most " + ExecLimits.MAX_WORKDIR_CHARS + " characters");
        }
        Path path = requested.startsWith("/")
                ? Path.of(requested)
                : Path.of(SandboxNames.WORKSPACE_PATH).resolve(requested);
        return path.normalize().toString();
    }

    static List<String> environment(Map<String, String> requested) {
        List<String> env = new ArrayList<>();
        if (requested == null) {
            return env;
        }
        if (requested.size() > ExecLimits.MAX_ENV_ENTRIES) {
            throw AgentException.invalid(
                    "environment", "at most " + ExecLimits.MAX_ENV_ENTRIES + " environment variables may be set");
        }
        long chars = 0;
        for (Map.Entry<String, String> e : requested.entrySet()) {
            // The rule of a sandbox's own environment, so that what the gateway accepts the node runs.
            if (e.getKey().length() > SpecValidator.MAX_ENV_NAME_CHARS
                    || !SpecValidator.ENV_NAME.matcher(e.getKey()).matches()) {
                throw AgentException.invalid(
                        "environment." + e.getKey(),
                        "environment variable names are letters, digits, '_', '.' and '-', not starting with a digit, at most "
                                + SpecValidator.MAX_ENV_NAME_CHARS + " characters");
            }
            if (e.getValue() == null || e.getValue().indexOf('\0') >= 0) {
                throw AgentException.invalid(
                        "environment." + e.getKey(), "environment values must be strings without NUL characters");
            }
            chars += e.getKey().length() + e.getValue().length();
            env.add(e.getKey() + "=" + e.getValue());
        }
        if (chars > ExecLimits.MAX_ENV_CHARS) {
            throw AgentException.invalid(
                    "environment",
                    "the environment must be at most " + ExecLimits.MAX_ENV_CHARS + " characters of names and values");
        }
        return env;
    }

    /** The user to run as (null = the sandbox's own); root only for sandboxes that run as root. */
    String user(String requested, String containerUser) {
        if (requested == null || requested.isBlank()) {
            return null;
        }
        if (!USER.matcher(requested).matches()) {
            throw AgentException.invalid("user", "'user' must be a user name or uid, optionally with ':group'");
        }
        String own = containerUser == null ? "" : containerUser;
        String[] ownParts = own.split(":", 2);
        boolean sandboxIsRoot = own.isEmpty() || ExecUsers.isRoot(ownParts[0]);
        String[] parts = requested.split(":", 2);
        if (sandboxIsRoot) {
            return requested;
        }
        check(parts[0], ownParts[0], own);
        if (parts.length > 1) {
            check(parts[1], ownParts.length > 1 ? ownParts[1] : ownParts[0], own);
        }
        return requested;
    }

    private void check(String id, String own, String sandboxUser) {
        if (ExecUsers.isRoot(id)) {
            throw AgentException.invalid(
                    "user", "commands cannot run as root in a sandbox that runs as '" + sandboxUser + "'");
        }
        if (!id.equals(own) && !allowList.allows(id)) {
            throw AgentException.invalid(
                    "user",
                    "'" + id + "' is not an allowed user here; allowed: the sandbox's own user (" + sandboxUser + ")"
                            + (allowList.toString().isEmpty() ? "" : " and " + allowList));
        }
    }
}
