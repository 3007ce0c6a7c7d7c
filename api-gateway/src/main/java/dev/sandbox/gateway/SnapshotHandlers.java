package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxSnapshot;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.db.KeyOwner;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Snapshots and forks: a snapshot is a SandboxSnapshot resource that the operator of the sandbox's node takes (its
 * container's file system committed to an image, its workspace copied); a fork is a snapshot plus a new sandbox that
 * starts from it with the source's settings, on the same node.
 */
final class SnapshotHandlers {
    /** Why {@code memory: true} is refused, in the API's words. */
    static final String MEMORY_UNSUPPORTED =
            "memory snapshots need a CRIU checkpoint of the container, which this installation's "
                    + "nodes cannot take (their kernel fails CRIU's checks); snapshots capture files only: leave out 'memory' or set it to false";

    private final SandboxService sandboxes;
    private final WaitQuery waiting;

    SnapshotHandlers(SandboxService sandboxes, WaitQuery waiting) {
        this.sandboxes = sandboxes;
        this.waiting = waiting;
    }

    /** {@code POST /v1/sandboxes/{id}/snapshots} with {@code {"name": ..., "memory": false}} (both optional). */
    void create(Context ctx, String tenant) {
        JsonNode body = LifecycleHandlers.optionalObject(ctx, Set.of("name", "memory"));
        String name = name(body);
        checkMemory(body);
        Duration wait = waitFor(ctx);
        Sandbox source = source(tenant, ctx.pathParam("id"), ActivityKind.SNAPSHOT);
        SandboxSnapshot snapshot = sandboxes.snapshots().create(tenant, source, name, false);
        if (wait != null) {
            SandboxSnapshot settled =
                    sandboxes.snapshots().await(snapshot.getMetadata().getName(), Snapshots::settled, wait);
            snapshot = settled == null ? snapshot : settled;
        }
        ctx.header("Location", "/v1/snapshots/" + snapshot.getMetadata().getName());
        Json.answer(ctx, 201, SnapshotView.from(snapshot));
    }

    /** {@code GET /v1/sandboxes/{id}/snapshots}: the snapshots taken of one sandbox. */
    void listOfSandbox(Context ctx, String tenant) {
        Sandbox sandbox = sandboxes.use(tenant, ctx.pathParam("id"), ActivityKind.READ);
        Json.answer(
                ctx,
                200,
                Map.of(
                        "items",
                        sandboxes.snapshots().list(tenant, sandbox.getMetadata().getName()).stream()
                                .map(SnapshotView::from)
                                .toList()));
    }

    void list(Context ctx, String tenant) {
        Json.answer(
                ctx,
                200,
                Map.of(
                        "items",
                        sandboxes.snapshots().list(tenant, null).stream()
                                .map(SnapshotView::from)
                                .toList()));
    }

    void get(Context ctx, String tenant) {
        Json.answer(ctx, 200, SnapshotView.from(sandboxes.snapshots().get(tenant, ctx.pathParam("name"), null)));
    }

    void delete(Context ctx, String tenant) {
        sandboxes.snapshots().delete(tenant, ctx.pathParam("name"));
        ctx.status(204);
    }

    /**
     * {@code POST /v1/sandboxes/{id}/fork}: a snapshot of the sandbox and a new sandbox started from it, with the same
     * command, environment, limits, ports (published anew) and mounts. The two diverge from that moment on.
     */
    void fork(Context ctx, KeyOwner caller) {
        String tenant = caller.tenant();
        JsonNode body = LifecycleHandlers.optionalObject(ctx, Set.of("memory"));
        checkMemory(body);
        Duration wait = waitFor(ctx);
        Sandbox source = source(tenant, ctx.pathParam("id"), ActivityKind.FORK);
        SandboxSnapshot snapshot = sandboxes.snapshots().create(tenant, source, null, true);
        SandboxSpec spec = Serialization.clone(source.getSpec());
        spec.setImage(null);
        spec.setBuildContext(null);
        spec.setForceBuild(null);
        spec.setRestartRequest(0);
        spec.setDesiredState(DesiredState.Running);
        spec.setNodeName(null);
        // Published anew: the source keeps its host ports and preview subdomains.
        spec.getPorts().forEach(p -> {
            p.setExternal(null);
            p.setSubdomain(null);
        });
        Snapshots.startFrom(spec, snapshot);
        spec.setNodeName(nodeOf(source));
        // The fork carries the source's own labels, so it is found by the same queries.
        Sandbox fork = sandboxes.createFromSpec(
                caller,
                spec,
                SandboxService.isPublic(source),
                SandboxView.from(source).labels());
        if (wait != null) {
            Sandbox settled = sandboxes.await(fork.getMetadata().getName(), SandboxService::runningOrFailed, wait);
            fork = settled == null ? fork : settled;
        }
        ctx.header("Location", "/v1/sandboxes/" + fork.getMetadata().getName());
        Json.answer(ctx, 201, SandboxView.from(fork));
    }

    /** The tenant's sandbox, with a container to take a snapshot of; 409 otherwise. */
    private Sandbox source(String tenant, String id, ActivityKind kind) {
        Sandbox source = sandboxes.use(tenant, id, kind);
        String phase = SandboxView.from(source).phase();
        boolean hasContainer = source.getStatus() != null && source.getStatus().getContainerId() != null;
        if (!hasContainer
                || !(SandboxPhase.Running.name().equals(phase)
                        || SandboxPhase.Paused.name().equals(phase)
                        || SandboxPhase.Stopped.name().equals(phase))) {
            throw ApiException.conflict("sandbox '" + id + "' is " + phase
                    + "; a snapshot needs a sandbox that is Running, Paused or Stopped");
        }
        return source;
    }

    private Duration waitFor(Context ctx) {
        return waiting.timeoutIfWanted(ctx);
    }

    private static String name(JsonNode body) {
        JsonNode name = body.get("name");
        if (name == null || name.isNull()) {
            return null;
        }
        if (!name.isTextual() || !Snapshots.NAME.matcher(name.asText()).matches()) {
            throw ApiException.invalid(
                    "name", "'name' must be a lowercase name of letters, digits and '-' (at most 63 characters)");
        }
        return name.asText();
    }

    private static void checkMemory(JsonNode body) {
        JsonNode memory = body.get("memory");
        if (memory == null || memory.isNull()) {
            return;
        }
        if (!memory.isBoolean()) {
            throw ApiException.invalid("memory", "'memory' must be true or false");
        }
        if (memory.asBoolean()) {
            throw ApiException.invalid("memory", MEMORY_UNSUPPORTED);
        }
    }

    private static String nodeOf(Sandbox sandbox) {
        return sandbox.getStatus() != null && sandbox.getStatus().getNodeName() != null
                ? sandbox.getStatus().getNodeName()
                : sandbox.getSpec().getNodeName();
    }
}
