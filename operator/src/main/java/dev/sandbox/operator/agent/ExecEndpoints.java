package dev.sandbox.operator.agent;

import dev.sandbox.agent.AgentExecRequest;
import dev.sandbox.agent.AgentExecResult;
import dev.sandbox.operator.runtime.CappedOutput;
import dev.sandbox.operator.runtime.ContainerIo;
import dev.sandbox.operator.runtime.ExecStream;
import io.javalin.http.Context;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/** {@code POST .../exec} (collected output) and {@code POST .../exec/stream} (Server-Sent Events). */
final class ExecEndpoints {
    private final ContainerIo io;
    private final SandboxLocator locator;
    private final ExecPolicy policy;
    private final ScheduledExecutorService scheduler;
    private final Duration keepalive;

    ExecEndpoints(
            ContainerIo io,
            SandboxLocator locator,
            ExecPolicy policy,
            ScheduledExecutorService scheduler,
            Duration keepalive) {
        this.io = io;
        this.locator = locator;
        this.policy = policy;
        this.scheduler = scheduler;
        this.keepalive = keepalive;
    }

    void exec(Context ctx) {
        AgentExecRequest request = AgentJson.read(ctx.body(), AgentExecRequest.class);
        Started started = locator.withRunning(ctx.pathParam("uid"), container -> {
            ExecPlan plan = policy.plan(request, locator.userOf(container), false);
            CappedOutput out = new CappedOutput(plan.maxOutputBytes());
            CappedOutput err = new CappedOutput(plan.maxOutputBytes());
            ExecStream s = io.startExec(
                    container.id(), plan.command(), (isStderr, data) -> (isStderr ? err : out).write(data));
            return new Started(plan, s, out, err);
        });
        ExecPlan plan = started.plan();
        CappedOutput stdout = started.stdout();
        CappedOutput stderr = started.stderr();
        ExecStream stream = started.stream();
        ExecOutcome outcome = ExecOutcome.await(stream, plan.timeout());
        AgentExecResult result = new AgentExecResult(
                outcome.exitCode(),
                stdout.text(),
                stderr.text(),
                outcome.durationMs(),
                outcome.timedOut(),
                stdout.truncated() || stderr.truncated());
        ctx.status(200).contentType("application/json").result(AgentJson.write(result));
    }

    /** A command started in a container, with what collects its output (null for streamed output). */
    private record Started(ExecPlan plan, ExecStream stream, CappedOutput stdout, CappedOutput stderr) {}

    /**
     * Events {@code stdout} and {@code stderr} with {@code {"data": "..."}} as output arrives, then {@code exit} with
     * {@code {"exitCode", "timedOut", "durationMs"}}. A client that goes away gets its command killed.
     */
    void stream(Context ctx) {
        AgentExecRequest request = AgentJson.read(ctx.body(), AgentExecRequest.class);
        SseStream sse = new SseStream(ctx.res(), scheduler, keepalive);
        Utf8Chunks out = new Utf8Chunks();
        Utf8Chunks err = new Utf8Chunks();
        Started started = locator.withRunning(ctx.pathParam("uid"), container -> {
            ExecPlan p = policy.plan(request, locator.userOf(container), false);
            ExecStream s = io.startExec(container.id(), p.command(), (isStderr, data) -> {
                String text = (isStderr ? err : out).decode(data);
                if (!text.isEmpty()) {
                    sse.event(isStderr ? "stderr" : "stdout", AgentJson.write(Map.of("data", text)));
                }
            });
            return new Started(p, s, null, null);
        });
        ExecPlan plan = started.plan();
        ExecStream stream = started.stream();
        try (sse) {
            sse.start(stream::kill);
            ExecOutcome outcome = ExecOutcome.await(stream, plan.timeout());
            String restOut = out.finish();
            String restErr = err.finish();
            if (!restOut.isEmpty()) {
                sse.event("stdout", AgentJson.write(Map.of("data", restOut)));
            }
            if (!restErr.isEmpty()) {
                sse.event("stderr", AgentJson.write(Map.of("data", restErr)));
            }
            sse.event("exit", AgentJson.write(outcome.toJson()));
        } catch (UncheckedIOException clientGone) {
            // The command was killed when the stream broke; nobody is left to tell.
            stream.kill();
        } catch (RuntimeException e) {
            // The response is already a stream: report the failure as an event rather than a JSON error.
            stream.kill();
            if (!sse.broken()) {
                try {
                    sse.event("error", AgentJson.write(Map.of("message", String.valueOf(e.getMessage()))));
                } catch (UncheckedIOException gone) {
                    // Nobody is listening any more.
                }
            }
        }
    }
}
