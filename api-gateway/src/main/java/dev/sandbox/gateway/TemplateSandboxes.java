package dev.sandbox.gateway;

import dev.sandbox.crd.FieldError;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.crd.SandboxTemplate;
import dev.sandbox.crd.SandboxWarmPool;
import dev.sandbox.crd.SpecValidator;
import dev.sandbox.crd.TemplateHash;
import dev.sandbox.crd.TemplateOverrides;
import dev.sandbox.crd.TemplateResolver;
import dev.sandbox.db.KeyOwner;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/sandboxes} with {@code "template"}: the template is looked up (the tenant's own or a shared one),
 * the request's fields are checked against what it lets a sandbox override and merged into the effective spec, and
 * then a ready sandbox of the template's warm pool is claimed; only when there is none (or the request asks for
 * something a running container cannot take on) is a new one started.
 */
final class TemplateSandboxes {
    private static final Logger log = LoggerFactory.getLogger(TemplateSandboxes.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final KubernetesClient client;
    private final SandboxService sandboxes;
    private final GatewayEvents events;
    private final WarmPoolClaims claims;

    TemplateSandboxes(KubernetesClient client, SandboxService sandboxes) {
        this.client = client;
        this.sandboxes = sandboxes;
        this.events = new GatewayEvents(client);
        this.claims = new WarmPoolClaims(client, sandboxes, events);
    }

    /** A template the tenant may use: its own or a shared one (no tenant label); 404 otherwise. */
    SandboxTemplate usable(String tenant, String name, String field) {
        SandboxTemplate template = name == null || !NAME.matcher(name).matches()
                ? null
                : KubeCalls.call(() -> client.resources(SandboxTemplate.class)
                        .inNamespace(sandboxes.namespace())
                        .withName(name)
                        .get());
        if (template == null || template.getSpec() == null || !visibleTo(template, tenant)) {
            throw new ApiException(404, "not_found", "no template '" + name + "'", field);
        }
        return template;
    }

    static boolean visibleTo(SandboxTemplate template, String tenant) {
        String owner = TenantLabel.ownerOf(template);
        return owner == null || owner.equals(tenant);
    }

    /**
     * A sandbox made for a create request.
     *
     * @param awaitOperator whether a waiting caller must wait for the operator (a claim with new limits, or a cold start)
     */
    record Created(Sandbox sandbox, boolean awaitOperator) {}

    Created create(KeyOwner caller, CreateSandboxRequest request, Map<String, String> userLabels) {
        String tenant = caller.tenant();
        SandboxTemplate template = usable(tenant, request.template(), "template");
        String name = template.getMetadata().getName();
        if (template.getMetadata().getDeletionTimestamp() != null) {
            throw ApiException.conflict("template '" + name + "' is being deleted");
        }
        if (request.snapshot() != null) {
            throw ApiException.invalid(
                    "snapshot", "'snapshot' and 'template' cannot be combined; start from one of them");
        }
        TemplateOverrides overrides = overrides(tenant, request);
        // How idleness is handled is the sandbox's own choice, not the template's.
        dev.sandbox.crd.IdleAction idleAction =
                request.resources() == null || request.resources().idleAction() == null
                        ? null
                        : SandboxRequests.idleAction(request.resources().idleAction());
        TemplateResolver.Resolution resolution = TemplateResolver.resolve(name, template.getSpec(), overrides);
        if (!resolution.ok()) {
            throw invalid(resolution.errors());
        }
        SandboxSpec spec = resolution.spec();
        spec.setIdleAction(idleAction);
        if (request.network() != null) {
            // A template says nothing about the network: the request's own settings apply (and a pooled sandbox, set up
            // with the default, cannot take them on).
            spec.setNetwork(SandboxRequests.network(request.network()));
        }
        List<FieldError> errors = SpecValidator.validate(spec);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        String hash = TemplateHash.of(template.getSpec());
        boolean publicPreview = Boolean.TRUE.equals(request.publicPreview());
        List<String> unclaimable = new ArrayList<>(overrides.unclaimableFields());
        if (request.network() != null) {
            unclaimable.add("network");
        }
        if (unclaimable.isEmpty()) {
            Optional<WarmPoolClaims.Claim> claimed = sandboxes
                    .admission()
                    .withinQuota(
                            caller,
                            spec,
                            () -> claims.claim(
                                    name,
                                    hash,
                                    new WarmPoolClaims.Order(
                                            tenant, spec, overrides.env(), userLabels, publicPreview)));
            if (claimed.isPresent()) {
                return new Created(claimed.get().sandbox(), claimed.get().resized());
            }
        }
        List<SandboxWarmPool> pools = pools(name);
        String why = null;
        if (!pools.isEmpty()) {
            why = unclaimable.isEmpty()
                    ? "warm pool "
                            + pools.stream()
                                    .map(p -> "'" + p.getMetadata().getName() + "'")
                                    .collect(Collectors.joining(", "))
                            + " had no ready sandbox; started cold"
                    : "the request sets " + String.join(", ", unclaimable)
                            + ", which a pooled sandbox cannot take on; started cold";
        }
        Map<String, String> labels = new LinkedHashMap<>(userLabels);
        labels.put(Sandbox.TENANT_LABEL, tenant);
        labels.put(SandboxTemplate.TEMPLATE_LABEL, name);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(SandboxTemplate.RESOLVED_ANNOTATION, hash);
        annotations.put(SandboxWarmPool.START, "cold");
        if (why != null) {
            annotations.put(SandboxWarmPool.START_MESSAGE, why);
        }
        if (publicPreview) {
            annotations.put(SandboxService.PUBLIC_ANNOTATION, "true");
        }
        Sandbox sandbox = new Sandbox();
        sandbox.setMetadata(new ObjectMetaBuilder()
                .withName(SandboxService.newId())
                .withNamespace(sandboxes.namespace())
                .withLabels(labels)
                .withFinalizers(Sandbox.FINALIZER)
                .withAnnotations(annotations)
                .build());
        sandbox.setSpec(spec);
        Sandbox created = sandboxes.admit(caller, sandbox);
        if (why != null) {
            log.info("sandbox {} of template {}: {}", created.getMetadata().getName(), name, why);
            events.publish(created, "ColdStart", why);
        }
        return new Created(created, true);
    }

    /** Warm pools of the template, in the gateway's namespace. */
    List<SandboxWarmPool> pools(String template) {
        return allPools().stream()
                .filter(p -> p.getSpec() != null && template.equals(p.getSpec().getTemplateRef()))
                .toList();
    }

    List<SandboxWarmPool> allPools() {
        return KubeCalls.call(() -> client.resources(SandboxWarmPool.class)
                .inNamespace(sandboxes.namespace())
                .list()
                .getItems());
    }

    /** The fields the request sets itself, as template overrides. */
    private TemplateOverrides overrides(String tenant, CreateSandboxRequest request) {
        CreateSandboxRequest.Resources r = request.resources();
        return new TemplateOverrides(
                request.image(),
                request.buildContext() == null ? null : new LinkedHashMap<>(request.buildContext()),
                request.forceBuild(),
                Commands.parse(request.command(), "command"),
                Commands.parse(request.entrypoint(), "entrypoint"),
                request.environment() == null ? null : new LinkedHashMap<>(request.environment()),
                r == null ? null : r.cpu(),
                r == null ? null : r.memory(),
                r == null ? null : r.gpu(),
                r == null ? null : r.timeout(),
                r == null ? null : r.maxRetries(),
                r == null ? null : r.idleTimeout(),
                request.ports() == null ? null : SandboxRequests.ports(request.ports()),
                request.volumes() == null ? null : sandboxes.mounts(tenant, request.volumes()),
                request.shutdownPolicy() == null ? null : SandboxRequests.shutdownPolicy(request.shutdownPolicy()),
                null);
    }

    /** A 400 naming the first field at fault (REST names: a template's mounts are the request's {@code volumes}). */
    static ApiException invalid(List<FieldError> errors) {
        String first = restName(errors.get(0).field());
        String all = errors.stream()
                .map(e -> restName(e.field()) + ": " + e.message())
                .collect(Collectors.joining("; "));
        return ApiException.invalid(first, all);
    }

    private static String restName(String field) {
        return field.startsWith(TemplateOverrides.MOUNTS)
                ? "volumes" + field.substring(TemplateOverrides.MOUNTS.length())
                : field;
    }

    void close() {
        events.close();
    }
}
