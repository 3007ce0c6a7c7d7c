package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.agent.SocketListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * One command started through envd's {@code process.Process/Start}: an interactive exec session on the sandbox's node
 * (the node agent's WebSocket exec) whose output is handed to every connected client as envd process events
 * ({@code data} with base64 {@code stdout}/{@code stderr}, then {@code end}). Clients come and go
 * ({@code Connect}); the command runs until it exits or is killed.
 */
final class E2bProcess implements SocketListener {
    /** A message for one client: an envd ProcessEvent, or the error that ends its stream. */
    record Message(Map<String, Object> event, RpcException error) {
        boolean last() {
            return error != null || event.containsKey("end");
        }
    }

    final int pid;
    final String tag;
    final String cmd;
    final List<String> args;
    final Map<String, String> envs;
    final String cwd;
    /** Whether it runs in a terminal: its output is then envd's {@code pty} data. */
    final boolean pty;

    private final List<BlockingQueue<Message>> clients = new CopyOnWriteArrayList<>();
    private final Consumer<E2bProcess> onEnd;
    private volatile AgentSocket socket;
    private volatile boolean killed;
    private volatile Message end;

    E2bProcess(
            int pid,
            String tag,
            String cmd,
            List<String> args,
            Map<String, String> envs,
            String cwd,
            boolean pty,
            Consumer<E2bProcess> onEnd) {
        this.pid = pid;
        this.tag = tag;
        this.cmd = cmd;
        this.args = args;
        this.envs = envs;
        this.cwd = cwd;
        this.pty = pty;
        this.onEnd = onEnd;
    }

    void attach(AgentSocket socket) {
        this.socket = socket;
        if (end != null) {
            socket.close();
        }
    }

    /** A new client's queue of messages; it gets what the command prints from now on. */
    BlockingQueue<Message> subscribe() {
        BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
        clients.add(queue);
        Message last = end;
        if (last != null && !queue.contains(last)) {
            queue.add(last);
        }
        return queue;
    }

    void unsubscribe(BlockingQueue<Message> queue) {
        clients.remove(queue);
    }

    boolean ended() {
        return end != null;
    }

    void stdin(byte[] data) {
        live().sendBinary(ByteBuffer.wrap(data));
    }

    void closeStdin() {
        live().sendText("{\"type\":\"eof\"}");
    }

    void resize(int columns, int rows) {
        if (!pty) {
            throw new RpcException(ConnectCode.FAILED_PRECONDITION, "process " + pid + " has no terminal");
        }
        live().sendText(Json.write(Map.of("type", "resize", "columns", columns, "rows", rows)));
    }

    /** Sends a signal by the node's name for it (KILL, TERM, INT, HUP). */
    void signal(String name) {
        if (name.equals("KILL")) {
            killed = true;
        }
        live().sendText(Json.write(Map.of("type", "signal", "signal", name)));
    }

    private AgentSocket live() {
        AgentSocket open = socket;
        if (open == null || end != null) {
            throw new RpcException(ConnectCode.NOT_FOUND, "process " + pid + " has ended");
        }
        return open;
    }

    /** Info of envd's List call. */
    Map<String, Object> info() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("cmd", cmd);
        config.put("args", args);
        config.put("envs", envs);
        if (cwd != null) {
            config.put("cwd", cwd);
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("config", config);
        info.put("pid", pid);
        if (tag != null) {
            info.put("tag", tag);
        }
        return info;
    }

    @Override
    public void onText(String text) {
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            return;
        }
        switch (message.path("type").asText("")) {
            case "stdout", "stderr" -> {
                String data = Base64.getEncoder()
                        .encodeToString(message.path("data").asText("").getBytes(StandardCharsets.UTF_8));
                publish(new Message(
                        Map.of("data", Map.of(pty ? "pty" : message.path("type").asText(), data)), null));
            }
            case "exit" ->
                finish(
                        message.path("exitCode").asInt(-1),
                        message.path("timedOut").asBoolean(false));
            case "error" ->
                fail(new RpcException(
                        switch (message.path("code").asText("")) {
                            case "invalid_request" -> ConnectCode.INVALID_ARGUMENT;
                            case "not_found" -> ConnectCode.NOT_FOUND;
                            case "conflict" -> ConnectCode.FAILED_PRECONDITION;
                            default -> ConnectCode.UNAVAILABLE;
                        },
                        message.path("message").asText("the command failed")));
            default -> {
                // Unknown messages of a newer node are ignored.
            }
        }
    }

    @Override
    public void onBinary(ByteBuffer data) {
        // The node sends text messages only.
    }

    @Override
    public void onClose(int status, String reason) {
        if (end == null) {
            fail(new RpcException(ConnectCode.UNAVAILABLE, "the connection to the sandbox's node ended: " + reason));
        }
    }

    /** envd's end event: {@code exited} is false and {@code error} says why when the command was killed. */
    private void finish(int exitCode, boolean timedOut) {
        Map<String, Object> endEvent = new LinkedHashMap<>();
        endEvent.put("exitCode", exitCode);
        boolean signalled = killed || timedOut;
        endEvent.put("exited", !signalled);
        endEvent.put("status", signalled ? "signal: killed" : "exit status " + exitCode);
        if (signalled) {
            endEvent.put(
                    "error", timedOut ? "signal: killed (the command reached the longest run time)" : "signal: killed");
        } else if (exitCode != 0) {
            endEvent.put("error", "exit status " + exitCode);
        }
        settle(new Message(Map.of("end", endEvent), null));
    }

    void fail(RpcException error) {
        settle(new Message(null, error));
    }

    private synchronized void settle(Message last) {
        if (end != null) {
            return;
        }
        end = last;
        publish(last);
        onEnd.accept(this);
        AgentSocket open = socket;
        if (open != null) {
            open.close();
        }
    }

    private void publish(Message message) {
        for (BlockingQueue<Message> queue : clients) {
            queue.add(message);
        }
    }
}
