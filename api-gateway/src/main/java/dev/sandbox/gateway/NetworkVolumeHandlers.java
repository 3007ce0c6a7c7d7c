package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.client.NetworkVolumeClassInfo;
import dev.sandbox.client.NetworkVolumeInfo;
import dev.sandbox.crd.FieldError;
import dev.sandbox.crd.NetworkVolume;
import dev.sandbox.crd.NetworkVolumeClass;
import dev.sandbox.crd.NetworkVolumeSpec;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxMount;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SpecValidator;
import dev.sandbox.crd.StrictJson;
import dev.sandbox.crd.VolumeClassRules;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** Network volumes of a tenant, and mounting them into (and out of) its sandboxes. */
final class NetworkVolumeHandlers {
    private static final Pattern CLASS_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$");

    private final KubernetesClient client;
    private final SandboxService sandboxes;
    private final GatewayConfig config;
    private final WaitQuery waiting;
    private final TenantVolumes tenantVolumes;

    NetworkVolumeHandlers(KubernetesClient client, SandboxService sandboxes, GatewayConfig config, WaitQuery waiting) {
        this.client = client;
        this.sandboxes = sandboxes;
        this.config = config;
        this.waiting = waiting;
        this.tenantVolumes = sandboxes.volumes();
    }

    void create(Context ctx, String tenant) {
        refuseEngineOptions(ctx.body());
        CreateNetworkVolumeRequest request = Json.read(ctx.body(), CreateNetworkVolumeRequest.class);
        if (request.name() == null
                || !TenantVolumes.NAME.matcher(request.name()).matches()) {
            throw ApiException.invalid(
                    "name", "'name' is required: lowercase letters, digits and '-', at most 63, e.g. shared-data");
        }
        NetworkVolumeSpec spec = new NetworkVolumeSpec();
        spec.setClassName(request.className() == null ? NetworkVolumeClass.DEFAULT_CLASS : request.className());
        spec.setSize(request.size());
        spec.setMountPath(request.mountPath());
        spec.setReadOnly(Boolean.TRUE.equals(request.readOnly()));
        NetworkVolumeClass cls = CLASS_NAME.matcher(spec.getClassName()).matches()
                ? KubeCalls.call(() -> client.resources(NetworkVolumeClass.class)
                        .withName(spec.getClassName())
                        .get())
                : null;
        List<FieldError> errors = VolumeClassRules.validateVolume(spec, cls);
        if (!errors.isEmpty()) {
            FieldError first = errors.get(0);
            String message = "'" + first.field() + "' " + first.message();
            if (first.field().equals("className") && (cls == null)) {
                message += "; available classes: " + String.join(", ", classNames());
            }
            throw ApiException.invalid(first.field(), message);
        }
        NetworkVolume created = tenantVolumes.create(tenant, request.name(), spec);
        ctx.header("Location", "/v1/network-volumes/" + request.name());
        Json.answer(ctx, 201, NetworkVolumeView.from(created));
    }

    /**
     * 400 for the fields that used to pass engine options through: they are named, with what to do instead, before
     * anything else is read.
     */
    private static void refuseEngineOptions(String body) {
        JsonNode tree;
        try {
            tree = StrictJson.MAPPER.readTree(body == null ? "" : body);
        } catch (java.io.IOException e) {
            return;
        }
        if (tree == null || !tree.isObject()) {
            return;
        }
        for (String field : List.of("driver", "driverOptions", "options")) {
            if (tree.has(field)) {
                throw ApiException.invalid(
                        field,
                        "'" + field + "' is not accepted: how a volume is stored comes from its volume class, which an "
                                + "administrator defines; name one with 'className' (GET /v1/network-volume-classes lists them)");
            }
        }
    }

    /** {@code GET /v1/network-volume-classes}: what a tenant may choose from, with the size bounds. */
    void listClasses(Context ctx) {
        List<NetworkVolumeClassInfo> items =
                KubeCalls.call(() -> client.resources(NetworkVolumeClass.class)
                                .list()
                                .getItems())
                        .stream()
                        .filter(c -> c.getMetadata().getDeletionTimestamp() == null
                                && VolumeClassRules.validateClass(c.getSpec()).isEmpty())
                        .sorted((a, b) -> a.getMetadata()
                                .getName()
                                .compareTo(b.getMetadata().getName()))
                        .map(NetworkVolumeClassView::from)
                        .toList();
        Json.answer(ctx, 200, Map.of("items", items));
    }

    private List<String> classNames() {
        return KubeCalls.call(
                        () -> client.resources(NetworkVolumeClass.class).list().getItems())
                .stream()
                .filter(c -> c.getMetadata().getDeletionTimestamp() == null
                        && VolumeClassRules.validateClass(c.getSpec()).isEmpty())
                .map(c -> c.getMetadata().getName())
                .sorted()
                .toList();
    }

    void list(Context ctx, String tenant) {
        List<NetworkVolumeInfo> items =
                tenantVolumes.list(tenant).stream().map(NetworkVolumeView::from).toList();
        Json.answer(ctx, 200, Map.of("items", items));
    }

    void get(Context ctx, String tenant) {
        Json.answer(ctx, 200, NetworkVolumeView.from(tenantVolumes.require(tenant, ctx.pathParam("name"))));
    }

    /** 409 while any sandbox mounts it; otherwise the operator removes its Docker volumes. */
    void delete(Context ctx, String tenant) {
        String name = ctx.pathParam("name");
        NetworkVolume volume = tenantVolumes.require(tenant, name);
        List<Sandbox> users = users(volume.getMetadata().getName());
        if (!users.isEmpty()) {
            // Only the tenant's own sandboxes are named; one of someone else's (mounted with kubectl) is only counted.
            List<String> own = users.stream()
                    .filter(s -> TenantLabel.ownedBy(s, tenant))
                    .map(s -> s.getMetadata().getName())
                    .sorted()
                    .toList();
            int others = users.size() - own.size();
            String by = String.join(", ", own)
                    + (others == 0 ? "" : (own.isEmpty() ? "" : " and ") + others + " other sandbox(es)");
            throw ApiException.conflict("network volume '" + name + "' is mounted by " + by + "; unmount it first");
        }
        KubeCalls.call(() -> client.resource(volume).delete());
        ctx.status(204);
    }

    void mount(Context ctx, String tenant) {
        MountRequest request = Json.read(ctx.body(), MountRequest.class);
        if (request.volume() == null) {
            throw ApiException.invalid("volume", "'volume' is required");
        }
        NetworkVolume volume = tenantVolumes.require(tenant, request.volume());
        String path = request.mountPath() != null
                ? request.mountPath()
                : volume.getSpec().getMountPath();
        if (path == null) {
            throw ApiException.invalid("mountPath", "'mountPath' is required (the volume has no default mountPath)");
        }
        String problem = SpecValidator.mountPathProblem(path);
        if (problem != null) {
            throw ApiException.invalid("mountPath", "'mountPath' " + problem);
        }
        String id = ctx.pathParam("id");
        String resource = volume.getMetadata().getName();
        Sandbox current = sandboxes.get(tenant, id);
        for (SandboxMount m : current.getSpec().getMounts()) {
            if (m.volume().equals(resource)) {
                throw ApiException.conflict("volume '" + request.volume() + "' is already mounted at " + m.mountPath());
            }
            if (normal(m.mountPath()).equals(normal(path))) {
                throw ApiException.conflict("volume '" + TenantVolumes.nameOf(m) + "' is already mounted at " + path);
            }
        }
        Sandbox updated = sandboxes.updateSpec(tenant, id, spec -> {
            List<SandboxMount> mounts = new ArrayList<>(spec.getMounts());
            mounts.removeIf(m -> m.volume().equals(resource));
            mounts.add(TenantVolumes.mount(volume, path, request.readOnly()));
            spec.setMounts(mounts);
        });
        answer(ctx, updated, 200);
    }

    /** Unmounts by the tenant's name for the volume, as the sandbox JSON's {@code mounts} shows it. */
    void unmount(Context ctx, String tenant) {
        String id = ctx.pathParam("id");
        String name = ctx.pathParam("volume");
        Sandbox current = sandboxes.get(tenant, id);
        if (current.getSpec().getMounts().stream()
                .noneMatch(m -> TenantVolumes.nameOf(m).equals(name))) {
            throw ApiException.notFound("volume '" + Errors.quoted(name) + "' is not mounted in sandbox '" + id + "'");
        }
        Sandbox updated = sandboxes.updateSpec(tenant, id, spec -> {
            List<SandboxMount> mounts = new ArrayList<>(spec.getMounts());
            mounts.removeIf(m -> TenantVolumes.nameOf(m).equals(name));
            spec.setMounts(mounts);
        });
        answer(ctx, updated, 200);
    }

    private void answer(Context ctx, Sandbox updated, int status) {
        Sandbox result = updated;
        Duration wait = waiting.timeoutIfWanted(ctx);
        if (wait != null) {
            Sandbox settled = sandboxes.await(
                    updated.getMetadata().getName(),
                    s -> s.getStatus() != null
                            && s.getStatus().getObservedGeneration() != null
                            && s.getStatus().getObservedGeneration()
                                    >= Objects.requireNonNullElse(
                                            s.getMetadata().getGeneration(), 0L)
                            && (s.getStatus().getPhase() == SandboxPhase.Running
                                    || s.getStatus().getPhase() == SandboxPhase.Stopped
                                    || s.getStatus().getPhase() == SandboxPhase.Failed),
                    wait);
            if (settled == null) {
                throw ApiException.notFound("sandbox '" + updated.getMetadata().getName() + "' was deleted meanwhile");
            }
            result = settled;
        }
        Json.answer(ctx, status, SandboxView.from(result));
    }

    private List<Sandbox> users(String volume) {
        return KubeCalls.call(() -> client.resources(Sandbox.class)
                        .inNamespace(config.namespace())
                        .list()
                        .getItems())
                .stream()
                .filter(s -> s.getSpec() != null
                        && s.getSpec().getMounts().stream().anyMatch(m -> volume.equals(m.volume())))
                .toList();
    }

    private static String normal(String path) {
        return path.replaceAll("/+", "/").replaceAll("/$", "");
    }
}
