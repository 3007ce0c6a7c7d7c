package dev.sandbox.gateway;

import dev.sandbox.crd.FieldError;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.crd.ShownPhase;
import dev.sandbox.crd.SpecValidator;
import dev.sandbox.db.KeyOwner;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Sandbox operations of the REST API, as reads and writes of Sandbox resources scoped to one tenant. */
final class SandboxService {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A Kubernetes object name (DNS label): anything else cannot name a sandbox or volume and is not looked up. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final KubernetesClient client;
    private final String namespace;
    private final ActivityRecorder activity;
    /** The cluster's largest workspace; the operators check the same for resources written with kubectl. */
    private final long maxDiskBytes;

    private final PortClaims ports;
    /** One create with explicit node ports at a time, so two requests for one port cannot both pass the check. */
    private final Object portLock = new Object();

    private final SandboxCache cache;
    private final TemplateSandboxes templates;
    private volatile SandboxAdmission admission;
    private final Snapshots snapshots;
    private final TenantVolumes tenantVolumes;

    SandboxService(
            KubernetesClient client, String namespace, ActivityRecorder activity, long maxDiskBytes, PortClaims ports) {
        this.maxDiskBytes = maxDiskBytes;
        this.client = client;
        this.namespace = namespace;
        this.activity = activity;
        this.ports = ports;
        this.cache = new SandboxCache(client, namespace);
        this.snapshots = new Snapshots(client, namespace);
        this.tenantVolumes = new TenantVolumes(client, namespace);
        this.templates = new TemplateSandboxes(client, this);
    }

    /** The tenant's snapshots. */
    Snapshots snapshots() {
        return snapshots;
    }

    /** Sandboxes made from templates and the warm-pool claims behind them. */
    TemplateSandboxes templates() {
        return templates;
    }

    /** Sets the checks against shared state (subdomain claims, quotas) that every create passes. */
    void admission(SandboxAdmission checks) {
        this.admission = checks;
    }

    /** The checks against shared state (subdomain claims, quotas) that every create and claim passes. */
    SandboxAdmission admission() {
        return admission;
    }

    /** The local copy of the namespace's sandboxes that {@link #getForUse} reads first. */
    SandboxCache cache() {
        return cache;
    }

    /** Validates the request and creates the Sandbox resource; nothing is created when the request is invalid. */
    Sandbox create(KeyOwner caller, CreateSandboxRequest request) {
        return create(caller, request, Map.of());
    }

    /** As {@link #create(KeyOwner, CreateSandboxRequest)}, with annotations of a front door (E2B's template, metadata ...). */
    Sandbox create(KeyOwner caller, CreateSandboxRequest request, Map<String, String> annotations) {
        return createForWait(caller, request, annotations).sandbox();
    }

    /**
     * As {@link #create}, also saying whether a caller that waits for the sandbox must wait for the operator: not for a
     * claim from a warm pool that kept the pooled sandbox's limits (it is Running already).
     */
    TemplateSandboxes.Created createForWait(KeyOwner caller, CreateSandboxRequest request) {
        return createForWait(caller, request, Map.of());
    }

    /** As {@link #createForWait(KeyOwner, CreateSandboxRequest)}, with annotations of a front door (not kept by claims). */
    TemplateSandboxes.Created createForWait(
            KeyOwner caller, CreateSandboxRequest request, Map<String, String> annotations) {
        String tenant = caller.tenant();
        Map<String, String> labels = new LinkedHashMap<>(UserLabels.check(request.labels(), "labels"));
        if (request.template() != null) {
            // Made from a template: resolved, checked and claimed from a warm pool (or started cold) over there.
            return templates.create(caller, request, labels);
        }
        SandboxSpec spec = SandboxRequests.toSpec(request);
        if (request.snapshot() != null) {
            Snapshots.startFrom(spec, snapshots.readyFor(tenant, request.snapshot(), "snapshot"));
        }
        if (request.volumes() != null) {
            spec.setMounts(mounts(tenant, request.volumes()));
        }
        return new TemplateSandboxes.Created(
                createFromSpec(caller, spec, Boolean.TRUE.equals(request.publicPreview()), labels, annotations), true);
    }

    /**
     * Validates the spec and creates the caller's Sandbox resource with it and the caller's labels (already checked),
     * within the tenant's quotas; nothing is created when it is invalid.
     */
    Sandbox createFromSpec(KeyOwner caller, SandboxSpec spec, boolean publicPreview, Map<String, String> labels) {
        return createFromSpec(caller, spec, publicPreview, labels, Map.of());
    }

    /** As above, with annotations of a front door (E2B's template, metadata ...). */
    Sandbox createFromSpec(
            KeyOwner caller,
            SandboxSpec spec,
            boolean publicPreview,
            Map<String, String> labels,
            Map<String, String> annotations) {
        String tenant = caller.tenant();
        List<FieldError> errors = new ArrayList<>(SpecValidator.validate(spec));
        SpecValidator.diskProblem(spec.getResources().getDisk(), maxDiskBytes).ifPresent(errors::add);
        if (!errors.isEmpty()) {
            FieldError first = errors.get(0);
            String all = errors.stream()
                            .limit(5)
                            .map(e -> e.field() + ": " + e.message())
                            .collect(Collectors.joining("; "))
                    + (errors.size() > 5 ? "; and " + (errors.size() - 5) + " more" : "");
            throw ApiException.invalid(first.field(), all);
        }
        Sandbox sandbox = new Sandbox();
        sandbox.setMetadata(new ObjectMetaBuilder()
                .withName(newId())
                .withNamespace(namespace)
                .withLabels(withTenant(labels, tenant))
                // The operator's finalizer from the start: one write less before the container is made.
                .withFinalizers(Sandbox.FINALIZER)
                .withAnnotations(annotations(publicPreview, annotations))
                .build());
        sandbox.setSpec(spec);
        return admit(caller, sandbox);
    }

    /**
     * Creates the sandbox resource after the checks against shared state: its explicit node ports (one create with
     * explicit ports at a time, so two requests for one port cannot both pass), its subdomains and its tenant's quotas.
     */
    Sandbox admit(KeyOwner caller, Sandbox sandbox) {
        SandboxSpec spec = sandbox.getSpec();
        if (spec.getPorts().stream().noneMatch(p -> p.getExternal() != null)) {
            return admission.create(caller, sandbox);
        }
        synchronized (portLock) {
            ports.check(spec);
            return admission.create(caller, sandbox);
        }
    }

    /**
     * The tenant's network volumes as mounts, by the tenant's names for them (404 naming {@code volumes.<name>} for one
     * it does not have, worded the same whether another tenant has a volume of that name or nobody does).
     */
    List<dev.sandbox.crd.SandboxMount> mounts(String tenant, Map<String, CreateSandboxRequest.Volume> volumes) {
        List<dev.sandbox.crd.SandboxMount> mounts = new ArrayList<>();
        for (Map.Entry<String, CreateSandboxRequest.Volume> v : volumes.entrySet()) {
            dev.sandbox.crd.NetworkVolume nv = tenantVolumes.find(tenant, v.getKey());
            if (nv == null) {
                throw new ApiException(
                        404,
                        "not_found",
                        "no network volume '" + Errors.quoted(v.getKey()) + "'",
                        "volumes." + Errors.quoted(v.getKey()));
            }
            String path = v.getValue() != null && v.getValue().mountPath() != null
                    ? v.getValue().mountPath()
                    : nv.getSpec().getMountPath();
            if (path == null) {
                throw ApiException.invalid(
                        "volumes." + v.getKey() + ".mountPath", "'mountPath' is required (the volume has no default)");
            }
            mounts.add(TenantVolumes.mount(
                    nv, path, v.getValue() == null ? null : v.getValue().readOnly()));
        }
        return mounts;
    }

    /** The tenant's network volumes, by the tenant's names for them. */
    TenantVolumes volumes() {
        return tenantVolumes;
    }

    String namespace() {
        return namespace;
    }

    /** The tenant's sandbox; 404 when it does not exist or belongs to someone else. Not recorded as a use. */
    Sandbox get(String tenant, String id) {
        Sandbox sandbox = find(id);
        if (sandbox == null || !TenantLabel.ownedBy(sandbox, tenant)) {
            throw ApiException.notFound("no sandbox '" + Errors.quoted(id) + "'");
        }
        return sandbox;
    }

    /**
     * As {@link #get}, for a call that uses the sandbox: recorded once as activity of this kind (the idle clean-up
     * counts from the last one).
     */
    Sandbox use(String tenant, String id, ActivityKind kind) {
        Sandbox sandbox = get(tenant, id);
        activity.record(sandbox, kind);
        return sandbox;
    }

    /**
     * As {@link #use}, from the local cache when its copy belongs to {@code tenant} and passes {@code usable} (for exec:
     * bound to a node and Running). Anything else, a miss included, is decided on a fresh read from the API, so a
     * sandbox created, started or moved a moment ago is never refused because the cache has not heard of it yet.
     */
    Sandbox getForUse(String tenant, String id, ActivityKind kind, Predicate<Sandbox> usable) {
        Sandbox cached = cached(id);
        Sandbox sandbox =
                cached != null && TenantLabel.ownedBy(cached, tenant) && usable.test(cached) ? cached : get(tenant, id);
        activity.record(sandbox, kind);
        return sandbox;
    }

    /** As {@link #find}, from the cache when its copy passes {@code usable}; otherwise from the API. */
    Sandbox findForUse(String id, Predicate<Sandbox> usable) {
        Sandbox cached = cached(id);
        return cached != null && usable.test(cached) ? cached : find(id);
    }

    private Sandbox cached(String id) {
        return id == null || !NAME.matcher(id).matches() ? null : cache.get(id);
    }

    /** A sandbox by id whatever its tenant, for callers that proved access otherwise (preview tokens); null when none. */
    Sandbox find(String id) {
        if (id == null || !NAME.matcher(id).matches()) {
            return null;
        }
        return KubeCalls.call(() -> client.resources(Sandbox.class)
                .inNamespace(namespace)
                .withName(id)
                .get());
    }

    /** The sandbox with a port of this preview subdomain, if one has it (the oldest when several claim it). */
    Sandbox findByPortSubdomain(String subdomain) {
        List<Sandbox> cached = cache.all();
        if (cached != null) {
            Sandbox hit = oldestWithSubdomain(cached, subdomain);
            if (hit != null && hit.getMetadata().getDeletionTimestamp() == null) {
                return hit;
            }
        }
        // Not in the cache (yet): a sandbox created a moment ago is found by listing.
        return oldestWithSubdomain(
                KubeCalls.call(() -> client.resources(Sandbox.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems()),
                subdomain);
    }

    private static Sandbox oldestWithSubdomain(List<Sandbox> all, String subdomain) {
        return all.stream()
                // One being deleted has given its names up.
                .filter(s -> s.getSpec() != null
                        && s.getMetadata().getDeletionTimestamp() == null
                        && s.getSpec().getPorts().stream().anyMatch(p -> subdomain.equals(p.getSubdomain())))
                .min((a, b) -> String.valueOf(a.getMetadata().getCreationTimestamp())
                        .compareTo(String.valueOf(b.getMetadata().getCreationTimestamp())))
                .orElse(null);
    }

    private static Map<String, String> annotations(boolean publicPreview, Map<String, String> extra) {
        Map<String, String> annotations = new LinkedHashMap<>(extra);
        if (publicPreview) {
            annotations.put(PUBLIC_ANNOTATION, "true");
        }
        return annotations;
    }

    /** The SandboxTemplate of this name in the gateway's namespace; null when there is none. */
    dev.sandbox.crd.SandboxTemplate template(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return null;
        }
        try {
            return KubeCalls.call(() -> client.resources(dev.sandbox.crd.SandboxTemplate.class)
                    .inNamespace(namespace)
                    .withName(name)
                    .get());
        } catch (ApiException e) {
            if (e.status() == 404) {
                return null; // No such template (or no template resource type in this cluster yet).
            }
            throw e;
        }
    }

    /** Whether the sandbox's preview URLs are open to anyone (annotation {@value #PUBLIC_ANNOTATION}). */
    static boolean isPublic(Sandbox sandbox) {
        return sandbox.getMetadata().getAnnotations() != null
                && "true".equals(sandbox.getMetadata().getAnnotations().get(PUBLIC_ANNOTATION));
    }

    static final String PUBLIC_ANNOTATION = "sandbox.dev/public";

    private static Map<String, String> withTenant(Map<String, String> labels, String tenant) {
        labels.put(Sandbox.TENANT_LABEL, tenant);
        return labels;
    }

    List<Sandbox> list(String tenant, String phase) {
        return list(tenant, phase, Map.of());
    }

    /** The tenant's sandboxes in the phase (any when null) that carry every one of {@code labels}, oldest first. */
    List<Sandbox> list(String tenant, String phase, Map<String, String> labels) {
        SandboxPhase wanted = null;
        if (phase != null && !phase.isBlank()) {
            wanted = java.util.Arrays.stream(SandboxPhase.values())
                    .filter(p -> p.name().equalsIgnoreCase(phase.trim()))
                    .findFirst()
                    .orElseThrow(() -> ApiException.invalid(
                            "status",
                            "unknown status '" + Errors.quoted(phase) + "'; use one of "
                                    + java.util.Arrays.stream(SandboxPhase.values())
                                            .map(p -> p.name().toLowerCase(Locale.ROOT))
                                            .collect(Collectors.joining(", "))));
        }
        Map<String, String> selector = new LinkedHashMap<>(labels);
        selector.put(Sandbox.TENANT_LABEL, tenant);
        List<Sandbox> items = KubeCalls.call(() -> client.resources(Sandbox.class)
                .inNamespace(namespace)
                .withLabels(selector)
                .list()
                .getItems());
        List<Sandbox> result = new ArrayList<>();
        for (Sandbox s : items) {
            if (wanted == null || wanted == ShownPhase.of(s)) {
                result.add(s);
            }
        }
        result.sort((a, b) -> String.valueOf(a.getMetadata().getCreationTimestamp())
                .compareTo(String.valueOf(b.getMetadata().getCreationTimestamp())));
        return result;
    }

    /**
     * Changes the spec of the tenant's sandbox with optimistic locking, retrying when the resource changed meanwhile.
     * Returns the updated resource.
     */
    Sandbox updateSpec(String tenant, String id, Consumer<SandboxSpec> change) {
        for (int attempt = 1; ; attempt++) {
            Sandbox sandbox = attempt == 1 ? use(tenant, id, ActivityKind.CHANGE) : get(tenant, id);
            if (sandbox.getMetadata().getDeletionTimestamp() != null) {
                throw ApiException.conflict("sandbox '" + id + "' is being deleted");
            }
            change.accept(sandbox.getSpec());
            List<FieldError> errors = new ArrayList<>(SpecValidator.validate(sandbox.getSpec()));
            SpecValidator.diskProblem(sandbox.getSpec().getResources().getDisk(), maxDiskBytes)
                    .ifPresent(errors::add);
            if (!errors.isEmpty()) {
                throw ApiException.invalid(
                        errors.get(0).field(),
                        errors.stream()
                                .limit(5)
                                .map(e -> e.field() + ": " + e.message())
                                .collect(Collectors.joining("; ")));
            }
            try {
                return KubeCalls.call(() -> client.resource(sandbox).update());
            } catch (ApiException e) {
                if (e.status() != 409 || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    void delete(String tenant, String id) {
        Sandbox sandbox = get(tenant, id);
        KubeCalls.call(() -> client.resource(sandbox).delete());
        admission.released(namespace, id);
    }

    /** Waits until the sandbox matches {@code done} or is gone; 504 after {@code timeout}. */
    Sandbox await(String id, Predicate<Sandbox> done, Duration timeout) {
        return KubeCalls.await(
                client.resources(Sandbox.class).inNamespace(namespace).withName(id),
                done,
                timeout,
                () -> new ApiException(
                        504,
                        "timeout",
                        "sandbox '" + id + "' did not get there within " + timeout.toSeconds()
                                + " s; it is still being worked on, ask again with GET /v1/sandboxes/" + id,
                        null));
    }

    static boolean runningOrFailed(Sandbox s) {
        return s.getStatus() != null
                && (s.getStatus().getPhase() == SandboxPhase.Running
                        || s.getStatus().getPhase() == SandboxPhase.Failed);
    }

    static String newId() {
        StringBuilder id = new StringBuilder("sbx-");
        for (int i = 0; i < 10; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
