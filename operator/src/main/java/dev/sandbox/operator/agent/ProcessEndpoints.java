package dev.sandbox.operator.agent;

import dev.sandbox.agent.AgentExecRequest;
import dev.sandbox.agent.ExecLimits;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.ExecSignal;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code .../processes}: background commands. */
final class ProcessEndpoints {

    private final SandboxLocator locator;
    private final ExecPolicy policy;
    private final BackgroundProcesses processes;

    ProcessEndpoints(SandboxLocator locator, ExecPolicy policy, BackgroundProcesses processes) {
        this.locator = locator;
        this.policy = policy;
        this.processes = processes;
    }

    void start(Context ctx) {
        String uid = ctx.pathParam("uid");
        AgentExecRequest request = AgentJson.read(ctx.body(), AgentExecRequest.class);
        ContainerState container = locator.running(uid);
        ExecPlan plan = policy.planBackground(request, locator.userOf(container));
        NodeAgent.json(ctx, 201, processes.start(uid, container, plan).status());
    }

    void list(Context ctx) {
        String uid = ctx.pathParam("uid");
        if (locator.findContainer(uid).isEmpty()) {
            processes.forget(uid);
        }
        NodeAgent.json(ctx, 200, Map.of("items", processes.list(uid)));
    }

    void get(Context ctx) {
        NodeAgent.json(
                ctx,
                200,
                processes.get(ctx.pathParam("uid"), ctx.pathParam("processId")).status());
    }

    /** {@code ?stdoutFrom=N&stderrFrom=M}: output from those byte offsets on, and the offsets to ask for next. */
    void output(Context ctx) {
        BackgroundProcesses.Background process = processes.get(ctx.pathParam("uid"), ctx.pathParam("processId"));
        OutputWindow.Slice out = process.stdout.since(offset(ctx, "stdoutFrom"));
        OutputWindow.Slice err = process.stderr.since(offset(ctx, "stderrFrom"));
        Map<String, Object> body = new LinkedHashMap<>(process.status());
        body.put("stdout", out.text());
        body.put("stderr", err.text());
        body.put("stdoutNext", out.next());
        body.put("stderrNext", err.next());
        body.put("dropped", out.dropped() || err.dropped());
        NodeAgent.json(ctx, 200, body);
    }

    void signal(Context ctx) {
        SignalRequest request = AgentJson.read(ctx.body(), SignalRequest.class);
        ExecSignal signal = ExecSignal.parse(request.signal())
                .orElseThrow(() -> AgentException.invalid("signal", "'signal' must be one of " + ExecSignal.names()));
        boolean delivered = processes.signal(ctx.pathParam("uid"), ctx.pathParam("processId"), signal);
        NodeAgent.json(ctx, 200, Map.of("signal", signal.name(), "delivered", delivered));
    }

    void await(Context ctx) {
        String value = ctx.queryParam("timeoutSeconds");
        int seconds = 30;
        if (value != null) {
            try {
                seconds = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                seconds = -1;
            }
            if (seconds < 0 || seconds > ExecLimits.MAX_PROCESS_WAIT_SECONDS) {
                throw AgentException.invalid(
                        "timeoutSeconds",
                        "'timeoutSeconds' must be between 0 and " + ExecLimits.MAX_PROCESS_WAIT_SECONDS);
            }
        }
        NodeAgent.json(
                ctx,
                200,
                processes.await(ctx.pathParam("uid"), ctx.pathParam("processId"), Duration.ofSeconds(seconds)));
    }

    void delete(Context ctx) {
        processes.remove(ctx.pathParam("uid"), ctx.pathParam("processId"));
        ctx.status(204);
    }

    private static long offset(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return 0;
        }
        try {
            long offset = Long.parseLong(value);
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw AgentException.invalid(name, "'" + name + "' must be a byte offset of 0 or more");
    }
}
