package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.crd.NetworkVolume;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.db.AdminActor;
import dev.sandbox.db.ApiKeyRecord;
import dev.sandbox.db.AuditRecord;
import dev.sandbox.db.IssuedKey;
import dev.sandbox.db.KeyOwner;
import dev.sandbox.db.TenantAdministration;
import dev.sandbox.db.TenantLimits;
import dev.sandbox.db.TenantRecord;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.http.Context;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/admin}: tenants with their limits, and their API keys. Only administrator keys get past the first line of
 * every handler; each change writes an audit row in PostgreSQL.
 */
final class AdminHandlers {
    private static final Logger log = LoggerFactory.getLogger(AdminHandlers.class);
    private static final Pattern TENANT_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
    private static final int MAX_KEY_NAME = 128;
    private static final int MAX_AUDIT = 1000;

    private final TenantAdministration tenants;
    private final Authenticator auth;
    private final Quotas quotas;
    private final KubernetesClient client;
    private final String namespace;

    AdminHandlers(
            TenantAdministration tenants,
            Authenticator auth,
            Quotas quotas,
            KubernetesClient client,
            String namespace) {
        this.tenants = tenants;
        this.auth = auth;
        this.quotas = quotas;
        this.client = client;
        this.namespace = namespace;
    }

    /** 403 unless the caller's key is an administrator's. */
    static AdminActor requireAdmin(KeyOwner caller) {
        if (caller == null || !caller.admin()) {
            throw ApiException.forbidden("this API key may not use the administration API; use an administrator's key");
        }
        return new AdminActor(caller.keyId(), caller.tenant());
    }

    void createTenant(Context ctx, KeyOwner caller) {
        AdminActor actor = requireAdmin(caller);
        JsonNode body = object(ctx, Set.of("name", "limits"));
        JsonNode nameNode = body.path("name");
        if (!nameNode.isTextual() || !TENANT_NAME.matcher(nameNode.asText()).matches()) {
            throw ApiException.invalid(
                    "name",
                    "'name' is required: lowercase letters, digits and '-', at most 63, starting and ending"
                            + " with a letter or digit, e.g. team-a");
        }
        String name = nameNode.asText();
        TenantLimits limits = Limits.read(body.get("limits"), TenantLimits.NONE);
        TenantRecord created = sql(() -> tenants.create(actor, name, name, limits))
                .orElseThrow(() ->
                        new ApiException(409, "conflict", "a tenant named '" + name + "' already exists", "name"));
        log.info("tenant {} created by key {} of tenant {}", name, actor.keyId(), actor.tenant());
        ctx.header("Location", "/v1/admin/tenants/" + name);
        Json.answer(ctx, 201, view(created, null));
    }

    void listTenants(Context ctx, KeyOwner caller) {
        requireAdmin(caller);
        List<Map<String, Object>> items =
                sql(tenants::list).stream().map(t -> view(t, null)).toList();
        Json.answer(ctx, 200, Map.of("items", items));
    }

    void getTenant(Context ctx, KeyOwner caller) {
        requireAdmin(caller);
        TenantRecord tenant = tenant(ctx.pathParam("name"));
        Json.answer(ctx, 200, view(tenant, quotas.usage(tenant.name())));
    }

    /** Body {@code {"limits": {...}}}: fields given replace the current ones (null removes a limit), others stay. */
    void updateTenant(Context ctx, KeyOwner caller) {
        AdminActor actor = requireAdmin(caller);
        TenantRecord current = tenant(ctx.pathParam("name"));
        JsonNode body = object(ctx, Set.of("limits"));
        TenantLimits limits = Limits.read(body.get("limits"), current.limits());
        TenantRecord updated =
                sql(() -> tenants.update(actor, current.name(), limits)).orElseThrow(() -> noTenant(current.name()));
        auth.forgetAll();
        log.info("limits of tenant {} changed by key {} of tenant {}", current.name(), actor.keyId(), actor.tenant());
        Json.answer(ctx, 200, view(updated, null));
    }

    /**
     * Revokes the tenant's keys at once and deletes its sandboxes and network volumes (the operators remove their
     * containers and Docker volumes). The tenant of the calling key cannot be deleted with that key.
     */
    void deleteTenant(Context ctx, KeyOwner caller) {
        AdminActor actor = requireAdmin(caller);
        TenantRecord tenant = tenant(ctx.pathParam("name"));
        if (tenant.name().equals(caller.tenant())) {
            throw ApiException.conflict("tenant '" + tenant.name()
                    + "' is the tenant of the key making this call; delete it with another administrator's key");
        }
        if (!sql(() -> tenants.delete(actor, tenant.name()))) {
            throw noTenant(tenant.name());
        }
        auth.forgetAll();
        KubeCalls.call(() -> client.resources(Sandbox.class)
                .inNamespace(namespace)
                .withLabel(Sandbox.TENANT_LABEL, tenant.name())
                .delete());
        KubeCalls.call(() -> client.resources(NetworkVolume.class)
                .inNamespace(namespace)
                .withLabel(Sandbox.TENANT_LABEL, tenant.name())
                .delete());
        log.info("tenant {} deleted by key {} of tenant {}", tenant.name(), actor.keyId(), actor.tenant());
        ctx.status(204);
    }

    /** Body (optional) {@code {"name": "ci"}}; the answer is the only time the key is shown. */
    void createKey(Context ctx, KeyOwner caller) {
        AdminActor actor = requireAdmin(caller);
        String tenant = tenant(ctx.pathParam("name")).name();
        String keyName = "api key";
        if (!ctx.body().isBlank()) {
            JsonNode body = object(ctx, Set.of("name"));
            JsonNode name = body.path("name");
            if (!name.isMissingNode() && !name.isNull()) {
                if (!name.isTextual()
                        || name.asText().isBlank()
                        || name.asText().length() > MAX_KEY_NAME
                        || name.asText().chars().anyMatch(Character::isISOControl)) {
                    throw ApiException.invalid(
                            "name", "'name' must be a non-blank text of at most " + MAX_KEY_NAME + " characters");
                }
                keyName = name.asText();
            }
        }
        String finalName = keyName;
        IssuedKey issued =
                sql(() -> tenants.createKey(actor, tenant, finalName)).orElseThrow(() -> noTenant(tenant));
        log.info(
                "key {} ({}) of tenant {} created by key {}",
                issued.record().id(),
                issued.record().prefix(),
                tenant,
                actor.keyId());
        Map<String, Object> view = view(issued.record());
        view.put("key", issued.key());
        ctx.header("Location", "/v1/admin/tenants/" + tenant + "/keys");
        Json.answer(ctx, 201, view);
    }

    void listKeys(Context ctx, KeyOwner caller) {
        requireAdmin(caller);
        String tenant = ctx.pathParam("name");
        List<ApiKeyRecord> keys = sql(() -> TENANT_NAME.matcher(tenant).matches()
                        ? tenants.keys(tenant)
                        : Optional.<List<ApiKeyRecord>>empty())
                .orElseThrow(() -> noTenant(tenant));
        Json.answer(
                ctx, 200, Map.of("items", keys.stream().map(AdminHandlers::view).toList()));
    }

    /** Revoked at once: this replica forgets its remembered lookups, the others re-read within a second. */
    void revokeKey(Context ctx, KeyOwner caller) {
        AdminActor actor = requireAdmin(caller);
        String raw = ctx.pathParam("id");
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no API key with id '" + Errors.quoted(raw) + "'");
        }
        if (!sql(() -> tenants.revokeKey(actor, id))) {
            throw ApiException.notFound("no API key with id " + id);
        }
        auth.forgetAll();
        log.info("key {} revoked by key {} of tenant {}", id, actor.keyId(), actor.tenant());
        ctx.status(204);
    }

    /** {@code GET /v1/admin/audit?limit=100}: the latest administrative actions, newest first. */
    void audit(Context ctx, KeyOwner caller) {
        requireAdmin(caller);
        String raw = ctx.queryParam("limit");
        int limit = 100;
        if (raw != null) {
            try {
                limit = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_AUDIT) {
                throw ApiException.invalid("limit", "'limit' must be a whole number from 1 to " + MAX_AUDIT);
            }
        }
        int finalLimit = limit;
        List<Map<String, Object>> items = sql(() -> tenants.audit(finalLimit)).stream()
                .map(AdminHandlers::view)
                .toList();
        Json.answer(ctx, 200, Map.of("items", items));
    }

    private TenantRecord tenant(String name) {
        if (name == null || !TENANT_NAME.matcher(name).matches()) {
            throw noTenant(name);
        }
        return sql(() -> tenants.get(name)).orElseThrow(() -> noTenant(name));
    }

    private static ApiException noTenant(String name) {
        return ApiException.notFound("no tenant '" + Errors.quoted(name) + "'");
    }

    /** The body as a JSON object with only {@code allowed} fields. */
    private static JsonNode object(Context ctx, Set<String> allowed) {
        JsonNode body = Json.read(ctx.body(), JsonNode.class);
        if (!body.isObject()) {
            throw ApiException.invalid(null, "the request body must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiException.invalid(
                        Errors.quoted(name),
                        "unknown field '" + Errors.quoted(name) + "'; known fields here: "
                                + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return body;
    }

    static Map<String, Object> view(TenantRecord tenant, TenantUsage usage) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", tenant.name());
        out.put("limits", Limits.write(tenant.limits()));
        if (usage != null) {
            out.put("usage", Limits.write(usage));
        }
        out.put("createdAt", tenant.createdAt().toString());
        out.put("updatedAt", tenant.updatedAt().toString());
        return out;
    }

    static Map<String, Object> view(ApiKeyRecord key) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", key.id());
        out.put("tenant", key.tenant());
        out.put("name", key.name());
        out.put("prefix", key.prefix());
        out.put("admin", key.admin());
        out.put("createdAt", key.createdAt().toString());
        out.put("lastUsedAt", key.lastUsedAt() == null ? null : key.lastUsedAt().toString());
        out.put("revokedAt", key.revokedAt() == null ? null : key.revokedAt().toString());
        return out;
    }

    private static Map<String, Object> view(AuditRecord row) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", row.id());
        out.put("occurredAt", row.occurredAt().toString());
        out.put("actorKeyId", row.actorKeyId());
        out.put("actorTenant", row.actorTenant());
        out.put("action", row.action());
        out.put("target", row.target());
        try {
            out.put("details", Json.MAPPER.readTree(row.details()));
        } catch (IOException e) {
            out.put("details", null);
        }
        return out;
    }

    @FunctionalInterface
    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    private static <T> T sql(SqlCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            log.warn("administration query failed: {}", e.toString());
            throw ApiException.unavailable("the tenant store is unreachable; try again shortly");
        }
    }
}
