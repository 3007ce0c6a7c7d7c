package dev.sandbox.gateway;

import dev.sandbox.crd.FieldError;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxTemplate;
import dev.sandbox.crd.SandboxTemplateSpec;
import dev.sandbox.crd.SandboxWarmPool;
import dev.sandbox.crd.TemplateResolver;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /v1/templates}: a tenant's own templates (create, replace, delete) and the installation's shared ones (read).
 * A template in use by a sandbox or a warm pool cannot be deleted (409).
 */
final class TemplateHandlers {
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

    private final KubernetesClient client;
    private final SandboxService sandboxes;
    private final TemplateSandboxes templates;

    TemplateHandlers(KubernetesClient client, SandboxService sandboxes) {
        this.client = client;
        this.sandboxes = sandboxes;
        this.templates = sandboxes.templates();
    }

    void create(Context ctx, String tenant) {
        CreateTemplateRequest request = Json.read(ctx.body(), CreateTemplateRequest.class);
        if (request.name() == null || !NAME.matcher(request.name()).matches()) {
            throw ApiException.invalid(
                    "name", "'name' is required: lowercase letters, digits and '-', at most 63, e.g. python-data");
        }
        SandboxTemplateSpec spec = toSpec(tenant, request);
        if (KubeCalls.call(() -> resources().withName(request.name()).get()) != null) {
            throw ApiException.conflict("a template named '" + request.name() + "' already exists");
        }
        SandboxTemplate template = new SandboxTemplate();
        template.setMetadata(new ObjectMetaBuilder()
                .withName(request.name())
                .withNamespace(sandboxes.namespace())
                .withLabels(Map.of(Sandbox.TENANT_LABEL, tenant))
                .build());
        template.setSpec(spec);
        SandboxTemplate created = KubeCalls.call(() -> client.resource(template).create());
        ctx.header("Location", "/v1/templates/" + created.getMetadata().getName());
        Json.answer(
                ctx,
                201,
                TemplateView.from(created, templates.pools(created.getMetadata().getName())));
    }

    void list(Context ctx, String tenant) {
        List<SandboxWarmPool> pools = templates.allPools();
        List<TemplateView> items = KubeCalls.call(() -> resources().list().getItems()).stream()
                .filter(t -> t.getSpec() != null && TemplateSandboxes.visibleTo(t, tenant))
                .sorted((a, b) ->
                        a.getMetadata().getName().compareTo(b.getMetadata().getName()))
                .map(t -> TemplateView.from(t, pools))
                .toList();
        Json.answer(ctx, 200, Map.of("items", items));
    }

    void get(Context ctx, String tenant) {
        SandboxTemplate template = templates.usable(tenant, ctx.pathParam("name"), null);
        Json.answer(
                ctx,
                200,
                TemplateView.from(
                        template, templates.pools(template.getMetadata().getName())));
    }

    /** Replaces the template's spec; sandboxes made from it keep theirs, warm pools replace their unclaimed sandboxes. */
    void replace(Context ctx, String tenant) {
        CreateTemplateRequest request = Json.read(ctx.body(), CreateTemplateRequest.class);
        String name = ctx.pathParam("name");
        if (request.name() != null && !request.name().equals(name)) {
            throw ApiException.invalid("name", "'name' must be left out or equal the template's name '" + name + "'");
        }
        SandboxTemplate current = own(tenant, name);
        SandboxTemplateSpec spec = toSpec(tenant, request);
        for (int attempt = 1; ; attempt++) {
            SandboxTemplate fresh = attempt == 1 ? current : own(tenant, name);
            fresh.setSpec(spec);
            try {
                SandboxTemplate updated =
                        KubeCalls.call(() -> client.resource(fresh).update());
                Json.answer(ctx, 200, TemplateView.from(updated, templates.pools(name)));
                return;
            } catch (ApiException e) {
                if (e.status() != 409 || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /** 409 while a sandbox or warm pool uses the template; the operator then lets it go. */
    void delete(Context ctx, String tenant) {
        String name = ctx.pathParam("name");
        SandboxTemplate template = own(tenant, name);
        List<String> pools = templates.pools(name).stream()
                .map(p -> p.getMetadata().getName())
                .sorted()
                .toList();
        if (!pools.isEmpty()) {
            throw ApiException.conflict("template '" + name + "' is kept warm by pool " + String.join(", ", pools)
                    + "; delete the pool first");
        }
        List<String> users = KubeCalls.call(() -> client.resources(Sandbox.class)
                        .inNamespace(sandboxes.namespace())
                        .withLabel(SandboxTemplate.TEMPLATE_LABEL, name)
                        .list()
                        .getItems())
                .stream()
                .filter(s -> s.getMetadata().getDeletionTimestamp() == null)
                .map(s -> s.getMetadata().getName())
                .sorted()
                .toList();
        if (!users.isEmpty()) {
            throw ApiException.conflict("template '" + name + "' is used by " + users.size() + " sandbox(es)"
                    + (users.size() <= 5 ? " (" + String.join(", ", users) + ")" : "") + "; delete them first");
        }
        KubeCalls.call(() -> client.resource(template).delete());
        ctx.status(204);
    }

    /** The tenant's own template; 404 when invisible, 409 for a shared one (changed only with kubectl or Helm). */
    private SandboxTemplate own(String tenant, String name) {
        SandboxTemplate template = templates.usable(tenant, name, null);
        if (!TenantLabel.ownedBy(template, tenant)) {
            throw ApiException.conflict("template '" + name
                    + "' is shared by the installation; it can be changed only with kubectl or Helm");
        }
        return template;
    }

    private SandboxTemplateSpec toSpec(String tenant, CreateTemplateRequest request) {
        if (request.image() == null && request.buildContext() == null) {
            throw ApiException.invalid("image", "'image' is required (or give a buildContext to build one)");
        }
        SandboxTemplateSpec spec = new SandboxTemplateSpec();
        spec.setImage(request.image());
        spec.setBuildContext(request.buildContext() == null ? null : new LinkedHashMap<>(request.buildContext()));
        spec.setCommand(Commands.parse(request.command(), "command"));
        spec.setEntrypoint(Commands.parse(request.entrypoint(), "entrypoint"));
        if (request.environment() != null) {
            spec.setEnv(new LinkedHashMap<>(request.environment()));
        }
        CreateSandboxRequest.Resources r = request.resources();
        if (r != null && r.idleAction() != null) {
            throw ApiException.invalid(
                    "resources.idleAction", "'resources.idleAction' is chosen by each sandbox, not by its template");
        }
        if (r != null) {
            spec.setIdleTimeoutSeconds(r.idleTimeout());
        }
        spec.setResources(SandboxRequests.limits(r));
        spec.setPorts(SandboxRequests.ports(request.ports()));
        if (request.volumes() != null) {
            spec.setMounts(sandboxes.mounts(tenant, request.volumes()));
        }
        if (request.shutdownPolicy() != null) {
            spec.setShutdownPolicy(SandboxRequests.shutdownPolicy(request.shutdownPolicy()));
        }
        spec.setStopTimeoutSeconds(request.stopTimeoutSeconds());
        spec.setOverridable(request.overridable() == null ? null : new ArrayList<>(request.overridable()));
        List<FieldError> errors = TemplateResolver.validate(request.name() == null ? "template" : request.name(), spec);
        if (!errors.isEmpty()) {
            throw TemplateSandboxes.invalid(errors);
        }
        return spec;
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    SandboxTemplate,
                    io.fabric8.kubernetes.api.model.KubernetesResourceList<SandboxTemplate>,
                    io.fabric8.kubernetes.client.dsl.Resource<SandboxTemplate>>
            resources() {
        return client.resources(SandboxTemplate.class).inNamespace(sandboxes.namespace());
    }
}
