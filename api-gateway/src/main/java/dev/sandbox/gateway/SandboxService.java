package dev.sandbox.gateway;

import dev.sandbox.crd.FieldError;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxPort;
import dev.sandbox.crd.SandboxResources;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.crd.SpecValidator;
import dev.sandbox.db.KeyOwner;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sandbox operations of the REST API, as reads and writes of Sandbox resources scoped to one tenant. */
final class SandboxService {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger log = LoggerFactory.getLogger(SandboxService.class);
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

    private volatile SharedIndexInformer<Sandbox> cache;
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

    /**
     * Starts watching the namespace's Sandbox resources into a local cache that {@link #getForUse} reads, so exec, file
     * and preview calls do not each cost a read from the Kubernetes API. Does not wait for the first list: until it has
     * arrived, lookups go to the API.
     */
    void startCache() {
        SharedIndexInformer<Sandbox> informer =
                client.resources(Sandbox.class).inNamespace(namespace).runnableInformer(0);
        informer.start().whenComplete((ok, error) -> {
            if (error != null) {
                log.warn(
                        "the gateway's Sandbox cache did not start, every lookup reads the Kubernetes API: {}",
                        error.toString());
            }
        });
        cache = informer;
    }

    /** Whether the Sandbox watch has delivered its first complete list. */
    boolean cacheSynced() {
        SharedIndexInformer<Sandbox> informer = cache;
        return informer != null && informer.hasSynced();
    }

    void stopCache() {
        SharedIndexInformer<Sandbox> informer = cache;
        cache = null;
        if (informer != null) {
            informer.stop();
        }
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
        SandboxSpec spec = toSpec(request);
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

    /** Whether the sandbox carries the tenant's label. */
    static boolean belongsTo(Sandbox sandbox, String tenant) {
        return sandbox.getMetadata().getLabels() != null
                && tenant.equals(sandbox.getMetadata().getLabels().get(Sandbox.TENANT_LABEL));
    }

    /** Every sandbox of the namespace in the local cache, or null when the cache is not ready. */
    List<Sandbox> cachedAll() {
        SharedIndexInformer<Sandbox> informer = cache;
        return informer == null || !informer.hasSynced()
                ? null
                : informer.getStore().list();
    }

    String namespace() {
        return namespace;
    }

    /**
     * The tenant's sandbox; 404 when it does not exist or belongs to someone else. Every call on a sandbox goes through
     * here, so this is where its use is noted for the idle clean-up.
     */
    Sandbox get(String tenant, String id) {
        if (id == null || !NAME.matcher(id).matches()) {
            throw ApiException.notFound("no sandbox '" + Errors.quoted(id) + "'");
        }
        Sandbox sandbox = kube(() -> client.resources(Sandbox.class)
                .inNamespace(namespace)
                .withName(id)
                .get());
        if (sandbox == null
                || sandbox.getMetadata().getLabels() == null
                || !tenant.equals(sandbox.getMetadata().getLabels().get(Sandbox.TENANT_LABEL))) {
            throw ApiException.notFound("no sandbox '" + Errors.quoted(id) + "'");
        }
        activity.touch(sandbox);
        return sandbox;
    }

    /**
     * As {@link #get}, from the local cache when its copy belongs to {@code tenant} and passes {@code usable} (for exec:
     * bound to a node and Running). Anything else, a miss included, is decided on a fresh read from the API, so a
     * sandbox created, started or moved a moment ago is never refused because the cache has not heard of it yet.
     */
    Sandbox getForUse(String tenant, String id, Predicate<Sandbox> usable) {
        Sandbox cached = cached(id);
        if (cached != null
                && cached.getMetadata().getLabels() != null
                && tenant.equals(cached.getMetadata().getLabels().get(Sandbox.TENANT_LABEL))
                && usable.test(cached)) {
            activity.touch(cached);
            return cached;
        }
        return get(tenant, id);
    }

    /** As {@link #find}, from the cache when its copy passes {@code usable}; otherwise from the API. */
    Sandbox findForUse(String id, Predicate<Sandbox> usable) {
        Sandbox cached = cached(id);
        return cached != null && usable.test(cached) ? cached : find(id);
    }

    /** The cached copy of a sandbox that is not being deleted; null when there is none or the cache is not ready. */
    private Sandbox cached(String id) {
        SharedIndexInformer<Sandbox> informer = cache;
        if (informer == null
                || !informer.hasSynced()
                || id == null
                || !NAME.matcher(id).matches()) {
            return null;
        }
        Sandbox sandbox = informer.getStore().getByKey(namespace + "/" + id);
        return sandbox == null || sandbox.getMetadata().getDeletionTimestamp() != null ? null : sandbox;
    }

    /** A sandbox by id whatever its tenant, for callers that proved access otherwise (preview tokens); null when none. */
    Sandbox find(String id) {
        if (id == null || !NAME.matcher(id).matches()) {
            return null;
        }
        return kube(() -> client.resources(Sandbox.class)
                .inNamespace(namespace)
                .withName(id)
                .get());
    }

    /** The sandbox with a port of this preview subdomain, if one has it (the oldest when several claim it). */
    Sandbox findByPortSubdomain(String subdomain) {
        SharedIndexInformer<Sandbox> informer = cache;
        if (informer != null && informer.hasSynced()) {
            Sandbox hit = oldestWithSubdomain(informer.getStore().list(), subdomain);
            if (hit != null && hit.getMetadata().getDeletionTimestamp() == null) {
                return hit;
            }
        }
        // Not in the cache (yet): a sandbox created a moment ago is found by listing.
        return oldestWithSubdomain(
                kube(() -> client.resources(Sandbox.class)
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
            return kube(() -> client.resources(dev.sandbox.crd.SandboxTemplate.class)
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
        List<Sandbox> items = kube(() -> client.resources(Sandbox.class)
                .inNamespace(namespace)
                .withLabels(selector)
                .list()
                .getItems());
        List<Sandbox> result = new ArrayList<>();
        for (Sandbox s : items) {
            String current = SandboxView.from(s).phase();
            if (wanted == null || wanted.name().equals(current)) {
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
    Sandbox updateSpec(String tenant, String id, java.util.function.Consumer<SandboxSpec> change) {
        for (int attempt = 1; ; attempt++) {
            Sandbox sandbox = get(tenant, id);
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
                return kube(() -> client.resource(sandbox).update());
            } catch (ApiException e) {
                if (e.status() != 409 || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    void delete(String tenant, String id) {
        Sandbox sandbox = get(tenant, id);
        kube(() -> client.resource(sandbox).delete());
        admission.released(namespace, id);
    }

    /** Waits until the sandbox matches {@code done} or is gone; 504 after {@code timeout}. */
    Sandbox await(String id, Predicate<Sandbox> done, Duration timeout) {
        try {
            return kube(() -> client.resources(Sandbox.class)
                    .inNamespace(namespace)
                    .withName(id)
                    .waitUntilCondition(s -> s == null || done.test(s), timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (KubernetesClientTimeoutException e) {
            throw new ApiException(
                    504,
                    "timeout",
                    "sandbox '" + id + "' did not get there within " + timeout.toSeconds()
                            + " s; it is still being worked on, ask again with GET /v1/sandboxes/" + id,
                    null);
        }
    }

    static boolean runningOrFailed(Sandbox s) {
        return s.getStatus() != null
                && (s.getStatus().getPhase() == SandboxPhase.Running
                        || s.getStatus().getPhase() == SandboxPhase.Failed);
    }

    static SandboxSpec toSpec(CreateSandboxRequest request) {
        SandboxSpec spec = new SandboxSpec();
        if (request.image() == null && request.buildContext() == null && request.snapshot() == null) {
            throw ApiException.invalid(
                    "image", "'image' is required (or give a buildContext to build one, or a snapshot to start from)");
        }
        spec.setImage(request.image());
        spec.setBuildContext(request.buildContext() == null ? null : new LinkedHashMap<>(request.buildContext()));
        spec.setForceBuild(request.forceBuild());
        if (request.shutdownPolicy() != null) {
            spec.setShutdownPolicy(shutdownPolicy(request.shutdownPolicy()));
        }
        spec.setCommand(Commands.parse(request.command(), "command"));
        spec.setEntrypoint(Commands.parse(request.entrypoint(), "entrypoint"));
        if (request.environment() != null) {
            spec.setEnv(new LinkedHashMap<>(request.environment()));
        }
        SandboxResources resources = new SandboxResources();
        CreateSandboxRequest.Resources r = request.resources();
        if (r != null) {
            if (r.cpu() != null) {
                resources.setCpu(r.cpu());
            }
            if (r.memory() != null) {
                resources.setMemory(r.memory());
            }
            if (r.disk() != null) {
                resources.setDisk(r.disk());
            }
            resources.setGpu(r.gpu());
            resources.setTimeoutSeconds(r.timeout());
            resources.setMaxRetries(r.maxRetries());
            spec.setIdleTimeoutSeconds(r.idleTimeout());
            if (r.idleAction() != null) {
                spec.setIdleAction(idleAction(r.idleAction()));
            }
        }
        spec.setResources(resources);
        spec.setPorts(ports(request.ports()));
        spec.setNetwork(network(request.network()));
        return spec;
    }

    static dev.sandbox.crd.IdleAction idleAction(String value) {
        return java.util.Arrays.stream(dev.sandbox.crd.IdleAction.values())
                .filter(a -> a.name().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() ->
                        ApiException.invalid("resources.idleAction", "'resources.idleAction' must be stop or pause"));
    }

    static dev.sandbox.crd.ShutdownPolicy shutdownPolicy(String value) {
        return java.util.Arrays.stream(dev.sandbox.crd.ShutdownPolicy.values())
                .filter(p -> p.name().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() -> ApiException.invalid("shutdownPolicy", "'shutdownPolicy' must be delete or stop"));
    }

    static List<SandboxPort> ports(List<CreateSandboxRequest.Port> requested) {
        List<SandboxPort> ports = new ArrayList<>();
        if (requested != null) {
            for (int i = 0; i < requested.size(); i++) {
                CreateSandboxRequest.Port p = requested.get(i);
                if (p == null) {
                    throw ApiException.invalid("ports[" + i + "]", "a port must be an object");
                }
                if (p.internal() == null) {
                    throw ApiException.invalid("ports[" + i + "].internal", "'internal' is required");
                }
                SandboxPort port = new SandboxPort();
                port.setInternal(p.internal());
                port.setExternal(p.external());
                port.setProtocol(p.protocol() == null ? "http" : p.protocol());
                port.setSubdomain(p.subdomain());
                ports.add(port);
            }
        }
        return ports;
    }

    static dev.sandbox.crd.SandboxNetwork network(CreateSandboxRequest.Network n) {
        if (n == null) {
            return null;
        }
        dev.sandbox.crd.NetworkMode mode = null;
        if (n.mode() != null) {
            mode = java.util.Arrays.stream(dev.sandbox.crd.NetworkMode.values())
                    .filter(m -> m.name().equalsIgnoreCase(n.mode()))
                    .findFirst()
                    .orElseThrow(() -> ApiException.invalid("network.mode", "'network.mode' must be none or egress"));
        }
        for (String list : new String[] {"allow", "deny"}) {
            List<String> entries = list.equals("allow") ? n.allow() : n.deny();
            if (entries != null && entries.contains(null)) {
                throw ApiException.invalid(
                        "network." + list + "[" + entries.indexOf(null) + "]",
                        "must be an IPv4 address or CIDR, not null");
            }
        }
        return new dev.sandbox.crd.SandboxNetwork(mode, n.allow(), n.deny());
    }

    static String newId() {
        StringBuilder id = new StringBuilder("sbx-");
        for (int i = 0; i < 10; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    /** Runs a Kubernetes call, mapping "cannot reach the API server" to 503 and API errors to their statuses. */
    static <T> T kube(Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientTimeoutException e) {
            throw e;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                throw ApiException.notFound(
                        e.getStatus() != null ? e.getStatus().getMessage() : "not found");
            }
            if (e.getCode() == 409) {
                throw ApiException.conflict(
                        e.getStatus() != null ? e.getStatus().getMessage() : "conflict");
            }
            if (e.getCode() == 0 || e.getCause() instanceof IOException || e.getCode() >= 500) {
                log.warn("Kubernetes API call failed: {}", e.toString());
                throw ApiException.unavailable("the Kubernetes API is unreachable; try again shortly");
            }
            throw e;
        }
    }
}
