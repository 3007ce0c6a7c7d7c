package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.agent.AgentExecRequest;
import dev.sandbox.agent.ExecLimits;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * envd's {@code process.Process} service: commands started, listed, connected to, fed and signalled by process id.
 * Each command is an interactive exec on the sandbox's node ({@link E2bProcess}); this gateway keeps the table of
 * live ones per sandbox in memory, so every call about one command must reach the gateway replica that started it.
 */
final class E2bProcesses {
    private static final Logger log = LoggerFactory.getLogger(E2bProcesses.class);
    /** The node agent's longest exec; envd commands without a timeout run this long at most. */
    private static final int MAX_PER_SANDBOX = 256;

    private final ExecBackend exec;
    private final int maxOutputBytes;
    private final Map<String, Table> tables = new ConcurrentHashMap<>();

    E2bProcesses(ExecBackend exec, int maxOutputBytes) {
        this.exec = exec;
        this.maxOutputBytes = maxOutputBytes;
    }

    /** The live commands of one sandbox, by pid. */
    private static final class Table {
        final AtomicInteger nextPid = new AtomicInteger(1000);
        final Map<Integer, E2bProcess> live = new ConcurrentHashMap<>();
    }

    /** {@code Start}: runs the command and streams its events to this client. */
    void start(Context ctx, E2bSandboxRef sandbox, JsonNode request, String user) throws IOException {
        // A pseudo-terminal of the size asked for (envd's "pty"), or none.
        boolean terminal = request.hasNonNull("pty");
        JsonNode size = request.path("pty").path("size");
        Integer columns = terminal ? size.path("cols").asInt(ExecLimits.DEFAULT_COLUMNS) : null;
        Integer rows = terminal ? size.path("rows").asInt(ExecLimits.DEFAULT_ROWS) : null;
        JsonNode config = request.path("process");
        String cmd = ConnectCalls.text(config, "cmd");
        if (cmd == null || cmd.isEmpty()) {
            throw new RpcException(ConnectCode.INVALID_ARGUMENT, "'process.cmd' is required");
        }
        List<String> args = new ArrayList<>();
        for (JsonNode a : config.path("args")) {
            args.add(a.asText());
        }
        Map<String, String> envs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = config.path("envs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            envs.put(e.getKey(), e.getValue().asText());
        }
        String cwd = ConnectCalls.text(config, "cwd");
        String workdir = cwd == null || cwd.isEmpty() ? sandbox.home() : E2bPaths.absolute(sandbox.home(), cwd);
        String tag = ConnectCalls.text(request, "tag");
        boolean stdin = request.path("stdin").asBoolean(false);
        long timeout = ConnectCalls.timeoutMillis(ctx);

        Table table = tables.computeIfAbsent(sandbox.target().uid(), uid -> new Table());
        if (table.live.size() >= MAX_PER_SANDBOX) {
            throw new RpcException(
                    ConnectCode.RESOURCE_EXHAUSTED,
                    "at most " + MAX_PER_SANDBOX + " commands run at once in a sandbox");
        }
        int pid = table.nextPid.getAndIncrement();
        E2bProcess process =
                new E2bProcess(pid, tag, cmd, args, envs, cwd, terminal, ended -> table.live.remove(ended.pid, ended));
        BlockingQueue<E2bProcess.Message> queue = process.subscribe();
        List<String> command = new ArrayList<>();
        command.add(cmd);
        command.addAll(args);
        // The client's deadline ends the command (see follow); the node's own limit comes a little later as a backstop.
        int runSeconds = timeout == 0
                ? ExecLimits.MAX_TIMEOUT_SECONDS
                : (int) Math.min(ExecLimits.MAX_TIMEOUT_SECONDS, (timeout + 999) / 1000 + 5);
        // PWD tells the shell the working directory by the name it was given (/home/user, a link to the workspace).
        Map<String, String> environment = new LinkedHashMap<>(envs);
        environment.putIfAbsent("PWD", workdir);
        AgentExecRequest spec = new AgentExecRequest(
                command,
                runSeconds,
                workdir,
                environment,
                user,
                true,
                maxOutputBytes,
                terminal ? Boolean.TRUE : null,
                columns,
                rows);
        try {
            table.live.put(pid, process);
            process.attach(exec.openExecSession(sandbox.target(), spec, process));
            if (!stdin && !terminal) {
                // Without stdin the command reads end-of-file at once, as under envd (a terminal always takes input).
                process.closeStdin();
            }
        } catch (ApiException e) {
            table.live.remove(pid);
            throw RpcException.from(e);
        } catch (ExecBackend.BackendUnavailableException e) {
            table.live.remove(pid);
            throw new RpcException(ConnectCode.UNAVAILABLE, e.getMessage());
        }
        log.info(
                "e2b process {} started in sandbox {}: {}",
                pid,
                sandbox.target().id(),
                command.size() > 2 ? command.get(2) : command);
        ConnectStream stream = new ConnectStream(ctx.res());
        follow(ctx, stream, process, queue, Map.of("start", Map.of("pid", pid)), timeout);
    }

    /** {@code Connect}: follows a running command's events from now on. */
    void connect(Context ctx, E2bSandboxRef sandbox, JsonNode request) throws IOException {
        E2bProcess process = find(sandbox, request.path("process"));
        BlockingQueue<E2bProcess.Message> queue = process.subscribe();
        follow(ctx, new ConnectStream(ctx.res()), process, queue, Map.of("start", Map.of("pid", process.pid)), 0);
    }

    Object list(E2bSandboxRef sandbox) {
        Table table = tables.get(sandbox.target().uid());
        List<Map<String, Object>> processes = new ArrayList<>();
        if (table != null) {
            table.live.values().stream()
                    .filter(p -> !p.ended())
                    .sorted((a, b) -> Integer.compare(a.pid, b.pid))
                    .forEach(p -> processes.add(p.info()));
        }
        return Map.of("processes", processes);
    }

    Object sendInput(E2bSandboxRef sandbox, JsonNode request) {
        E2bProcess process = find(sandbox, request.path("process"));
        JsonNode input = request.path("input");
        String data = input.hasNonNull("pty")
                ? input.get("pty").asText("")
                : input.path("stdin").asText("");
        try {
            process.stdin(Base64.getDecoder().decode(data));
        } catch (IllegalArgumentException e) {
            throw new RpcException(ConnectCode.INVALID_ARGUMENT, "'input.stdin' must be base64");
        }
        return Map.of();
    }

    /** {@code Update}: a new size of a command's terminal. */
    Object update(E2bSandboxRef sandbox, JsonNode request) {
        E2bProcess process = find(sandbox, request.path("process"));
        JsonNode size = request.path("pty").path("size");
        if (!request.hasNonNull("pty") || !size.has("cols") || !size.has("rows")) {
            throw new RpcException(ConnectCode.INVALID_ARGUMENT, "'pty.size' with cols and rows is required");
        }
        process.resize(size.path("cols").asInt(), size.path("rows").asInt());
        return Map.of();
    }

    Object closeStdin(E2bSandboxRef sandbox, JsonNode request) {
        find(sandbox, request.path("process")).closeStdin();
        return Map.of();
    }

    Object sendSignal(E2bSandboxRef sandbox, JsonNode request) {
        E2bProcess process = find(sandbox, request.path("process"));
        JsonNode signal = request.path("signal");
        String name = switch (signal.isNumber() ? "SIGNAL_" + signal.asInt() : signal.asText("")) {
            case "SIGNAL_SIGKILL", "SIGNAL_9" -> "KILL";
            case "SIGNAL_SIGTERM", "SIGNAL_15" -> "TERM";
            default ->
                throw new RpcException(
                        ConnectCode.INVALID_ARGUMENT, "'signal' must be SIGNAL_SIGKILL or SIGNAL_SIGTERM");
        };
        process.signal(name);
        return Map.of();
    }

    /** A command by {@code {"pid": n}} or {@code {"tag": "..."}}; {@code not_found} when none runs. */
    private E2bProcess find(E2bSandboxRef sandbox, JsonNode selector) {
        Table table = tables.get(sandbox.target().uid());
        E2bProcess found = null;
        if (table != null && selector.hasNonNull("pid")) {
            found = table.live.get(selector.get("pid").asInt());
        } else if (table != null && selector.hasNonNull("tag")) {
            String tag = selector.get("tag").asText();
            found = table.live.values().stream()
                    .filter(p -> tag.equals(p.tag))
                    .findFirst()
                    .orElse(null);
        }
        if (found == null || found.ended()) {
            throw new RpcException(
                    ConnectCode.NOT_FOUND,
                    "process "
                            + (selector.hasNonNull("pid")
                                    ? selector.get("pid").asText()
                                    : "with tag '" + selector.path("tag").asText() + "'")
                            + " not found");
        }
        return found;
    }

    /** Writes the start message, then the command's events, with keepalives, until it ends or the client leaves. */
    private void follow(
            Context ctx,
            ConnectStream stream,
            E2bProcess process,
            BlockingQueue<E2bProcess.Message> queue,
            Map<String, Object> start,
            long timeoutMillis)
            throws IOException {
        long keepalive = ConnectCalls.keepaliveMillis(ctx);
        long deadline = timeoutMillis == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMillis;
        try {
            stream.send(Map.of("event", start));
            while (true) {
                long wait = Math.min(keepalive, deadline - System.currentTimeMillis());
                if (wait <= 0) {
                    // The client's deadline: the command is killed, as the answer can no longer reach anyone who waits
                    // for it.
                    kill(process);
                    stream.fail(new RpcException(
                            ConnectCode.DEADLINE_EXCEEDED, "the command did not finish within its timeout"));
                    return;
                }
                E2bProcess.Message message = queue.poll(wait, TimeUnit.MILLISECONDS);
                if (message == null) {
                    if (deadline - System.currentTimeMillis() > 0) {
                        stream.send(Map.of("event", Map.of("keepalive", Map.of())));
                    }
                    continue;
                }
                if (message.error() != null) {
                    stream.fail(message.error());
                    return;
                }
                stream.send(Map.of("event", message.event()));
                if (message.last()) {
                    stream.end();
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException gone) {
            // The client left (or disconnected on purpose): the command goes on and can be connected to again, unless
            // the
            // client gave up because its deadline passed.
            log.debug("client of e2b process {} left: {}", process.pid, gone.toString());
            if (deadline != Long.MAX_VALUE && System.currentTimeMillis() >= deadline - 1000) {
                kill(process);
            }
        } finally {
            process.unsubscribe(queue);
        }
    }

    private static void kill(E2bProcess process) {
        try {
            process.signal("KILL");
        } catch (RpcException alreadyEnded) {
            // Nothing left to kill.
        }
    }

    /** Ends every command of a sandbox that is going away. */
    void forget(String sandboxUid) {
        Table table = tables.remove(sandboxUid);
        if (table != null) {
            table.live.values().forEach(p -> p.fail(new RpcException(ConnectCode.UNAVAILABLE, "the sandbox stopped")));
        }
    }
}
