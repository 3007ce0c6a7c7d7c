package dev.sandbox.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxEnvironment;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.ShownPhase;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Stop, start, restart, environment and entrypoint: each a change to the Sandbox spec that the operator carries out.
 * With {@code ?wait=true} the answer comes once the operator has acted on the change (observedGeneration caught up and
 * the sandbox settled), so a client knows the change is live.
 */
final class LifecycleHandlers {
    private final SandboxService sandboxes;
    private final WaitQuery waiting;

    LifecycleHandlers(SandboxService sandboxes, WaitQuery waiting) {
        this.sandboxes = sandboxes;
        this.waiting = waiting;
    }

    void stop(Context ctx, String tenant) {
        checkWait(ctx);
        Integer timeout = intQuery(ctx, "timeout", 0, 3600);
        Sandbox updated = sandboxes.updateSpec(tenant, ctx.pathParam("id"), spec -> {
            spec.setDesiredState(DesiredState.Stopped);
            if (timeout != null) {
                spec.setStopTimeoutSeconds(timeout);
            }
        });
        answer(ctx, updated, s -> caughtUp(s) && settledIn(s, SandboxPhase.Stopped, SandboxPhase.Failed));
    }

    void start(Context ctx, String tenant) {
        checkWait(ctx);
        boolean failed = ShownPhase.of(sandboxes.get(tenant, ctx.pathParam("id"))) == SandboxPhase.Failed;
        Sandbox updated = sandboxes.updateSpec(tenant, ctx.pathParam("id"), spec -> {
            spec.setDesiredState(DesiredState.Running);
            if (failed) {
                // Starting a failed sandbox means trying again: ask for a restart, which also clears a permanent
                // failure.
                spec.setRestartRequest((spec.getRestartRequest() == null ? 0 : spec.getRestartRequest()) + 1);
            }
        });
        int wanted = updated.getSpec().getRestartRequest() == null
                ? 0
                : updated.getSpec().getRestartRequest();
        answer(
                ctx,
                updated,
                s -> caughtUp(s)
                        && (!failed || restartSeen(s, wanted))
                        && settledIn(s, SandboxPhase.Running, SandboxPhase.Failed));
    }

    void restart(Context ctx, String tenant) {
        checkWait(ctx);
        Sandbox updated = sandboxes.updateSpec(tenant, ctx.pathParam("id"), spec -> {
            spec.setDesiredState(DesiredState.Running);
            spec.setRestartRequest((spec.getRestartRequest() == null ? 0 : spec.getRestartRequest()) + 1);
        });
        int wanted = updated.getSpec().getRestartRequest();
        answer(
                ctx,
                updated,
                s -> caughtUp(s) && restartSeen(s, wanted) && settledIn(s, SandboxPhase.Running, SandboxPhase.Failed));
    }

    /**
     * Freezes the sandbox's processes with their memory kept ({@code spec.desiredState: Paused}). Only a sandbox that
     * runs or is about to can be paused; pausing a paused one changes nothing.
     */
    void pause(Context ctx, String tenant) {
        checkWait(ctx);
        Sandbox current = sandboxes.get(tenant, ctx.pathParam("id"));
        String phase = SandboxView.from(current).phase();
        if (current.getSpec().getDesiredState() == DesiredState.Stopped
                || SandboxPhase.Stopped.name().equals(phase)
                || SandboxPhase.Failed.name().equals(phase)
                || SandboxPhase.Terminating.name().equals(phase)) {
            throw ApiException.conflict("sandbox '" + current.getMetadata().getName() + "' is " + phase
                    + "; only a running sandbox can be paused");
        }
        Sandbox updated =
                sandboxes.updateSpec(tenant, ctx.pathParam("id"), spec -> spec.setDesiredState(DesiredState.Paused));
        answer(
                ctx,
                updated,
                s -> caughtUp(s) && settledIn(s, SandboxPhase.Paused, SandboxPhase.Stopped, SandboxPhase.Failed));
    }

    /** Lets a paused sandbox's processes go on where they were; resuming a running one changes nothing. */
    void resume(Context ctx, String tenant) {
        checkWait(ctx);
        Sandbox updated = resumeSpec(tenant, ctx.pathParam("id"));
        answer(ctx, updated, LifecycleHandlers::resumed);
    }

    /**
     * For calls that resume a paused sandbox before they use it (exec with {@code ?resume=true}): asks for Running and
     * waits until it is.
     */
    Sandbox resumeAndWait(String tenant, String id, Duration timeout) {
        Sandbox updated = resumeSpec(tenant, id);
        Sandbox settled = sandboxes.await(updated.getMetadata().getName(), LifecycleHandlers::resumed, timeout);
        if (settled == null) {
            throw ApiException.notFound("sandbox '" + id + "' was deleted meanwhile");
        }
        return settled;
    }

    private Sandbox resumeSpec(String tenant, String id) {
        Sandbox current = sandboxes.get(tenant, id);
        String phase = SandboxView.from(current).phase();
        if (current.getSpec().getDesiredState() == DesiredState.Stopped
                || SandboxPhase.Stopped.name().equals(phase)
                || SandboxPhase.Failed.name().equals(phase)
                || SandboxPhase.Terminating.name().equals(phase)) {
            throw ApiException.conflict("sandbox '" + id + "' is " + phase
                    + ", not Paused; start it with POST /v1/sandboxes/" + id + "/start");
        }
        return sandboxes.updateSpec(tenant, id, spec -> spec.setDesiredState(DesiredState.Running));
    }

    private static boolean resumed(Sandbox s) {
        return caughtUp(s) && settledIn(s, SandboxPhase.Running, SandboxPhase.Failed, SandboxPhase.Stopped);
    }

    /** The wait parameters are checked before anything changes, so a bad one changes nothing. */
    private void checkWait(Context ctx) {
        waiting.timeoutIfWanted(ctx);
    }

    void getEnvironment(Context ctx, String tenant) {
        Sandbox sandbox = sandboxes.use(tenant, ctx.pathParam("id"), ActivityKind.READ);
        Json.answer(ctx, 200, Map.of("environment", SandboxEnvironment.effective(sandbox.getSpec())));
    }

    void putEnvironment(Context ctx, String tenant) {
        checkWait(ctx);
        JsonNode body = object(ctx, Set.of("environment", "merge"));
        JsonNode env = body.get("environment");
        if (env == null || !env.isObject()) {
            throw ApiException.invalid("environment", "'environment' must be an object of names to string values");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = env.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw ApiException.invalid(
                        "environment." + Errors.quoted(e.getKey()),
                        "'environment." + Errors.quoted(e.getKey()) + "' must be a string");
            }
            values.put(e.getKey(), e.getValue().asText());
        }
        JsonNode merge = body.get("merge");
        if (merge != null && !merge.isBoolean()) {
            throw ApiException.invalid("merge", "'merge' must be true or false");
        }
        boolean merging = merge == null || merge.asBoolean();
        Sandbox updated = sandboxes.updateSpec(tenant, ctx.pathParam("id"), spec -> {
            // A claim's environment (execEnv) is folded into the container's: the container is recreated anyway.
            Map<String, String> next =
                    merging ? new LinkedHashMap<>(SandboxEnvironment.effective(spec)) : new LinkedHashMap<>();
            next.putAll(values);
            spec.setEnv(next);
            spec.setExecEnv(null);
        });
        answerWith(
                ctx,
                updated,
                s -> caughtUp(s) && settled(s),
                s -> Map.of("environment", SandboxEnvironment.effective(s.getSpec())));
    }

    void getEntrypoint(Context ctx, String tenant) {
        Sandbox sandbox = sandboxes.use(tenant, ctx.pathParam("id"), ActivityKind.READ);
        Json.answer(ctx, 200, entrypointBody(sandbox));
    }

    /** Fields left out stay as they are; a field set to null goes back to the image's default. */
    void putEntrypoint(Context ctx, String tenant) {
        checkWait(ctx);
        JsonNode body = object(ctx, Set.of("entrypoint", "command"));
        if (!body.has("entrypoint") && !body.has("command")) {
            throw ApiException.invalid("entrypoint", "give 'entrypoint', 'command' or both");
        }
        List<String> entrypoint = Commands.parse(body.get("entrypoint"), "entrypoint");
        List<String> command = Commands.parse(body.get("command"), "command");
        Sandbox updated = sandboxes.updateSpec(tenant, ctx.pathParam("id"), spec -> {
            if (body.has("entrypoint")) {
                spec.setEntrypoint(entrypoint);
            }
            if (body.has("command")) {
                spec.setCommand(command);
            }
        });
        answerWith(ctx, updated, s -> caughtUp(s) && settled(s), LifecycleHandlers::entrypointBody);
    }

    private static Map<String, Object> entrypointBody(Sandbox sandbox) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entrypoint", sandbox.getSpec().getEntrypoint());
        body.put("command", sandbox.getSpec().getCommand());
        return body;
    }

    void answer(Context ctx, Sandbox updated, Predicate<Sandbox> done) {
        answerWith(ctx, updated, done, SandboxView::from);
    }

    private void answerWith(
            Context ctx, Sandbox updated, Predicate<Sandbox> done, java.util.function.Function<Sandbox, Object> view) {
        Sandbox result = updated;
        Duration wait = waiting.timeoutIfWanted(ctx);
        if (wait != null) {
            Sandbox settled = sandboxes.await(updated.getMetadata().getName(), done, wait);
            if (settled == null) {
                throw ApiException.notFound("sandbox '" + updated.getMetadata().getName() + "' was deleted meanwhile");
            }
            result = settled;
        }
        Json.answer(ctx, 200, view.apply(result));
    }

    /** The operator has seen the current spec. */
    private static boolean caughtUp(Sandbox s) {
        return s.getStatus() != null
                && s.getStatus().getObservedGeneration() != null
                && s.getStatus().getObservedGeneration()
                        >= Objects.requireNonNullElse(s.getMetadata().getGeneration(), 0L);
    }

    private static boolean restartSeen(Sandbox s, int wanted) {
        return s.getStatus().getObservedRestartRequest() != null
                && s.getStatus().getObservedRestartRequest() >= wanted;
    }

    private static boolean settledIn(Sandbox s, SandboxPhase... phases) {
        for (SandboxPhase p : phases) {
            if (s.getStatus().getPhase() == p) {
                return true;
            }
        }
        return false;
    }

    private static boolean settled(Sandbox s) {
        return settledIn(s, SandboxPhase.Running, SandboxPhase.Paused, SandboxPhase.Stopped, SandboxPhase.Failed);
    }

    /** As {@link #object}, and an empty body counts as {@code {}}. */
    static JsonNode optionalObject(Context ctx, Set<String> allowed) {
        return ctx.body().isBlank() ? Json.MAPPER.createObjectNode() : object(ctx, allowed);
    }

    static JsonNode object(Context ctx, Set<String> allowed) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw ApiException.invalid(null, "malformed JSON: " + Json.plain(e.getOriginalMessage()));
        }
        if (body == null || !body.isObject()) {
            throw ApiException.invalid(null, "the request body must be a JSON object");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw ApiException.invalid(
                        Errors.quoted(field),
                        "unknown field '" + Errors.quoted(field) + "'; known fields here: "
                                + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return body;
    }

    private static Integer intQuery(Context ctx, String name, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw ApiException.invalid(name, "'" + name + "' must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, "'" + name + "' must be a whole number");
        }
    }
}
