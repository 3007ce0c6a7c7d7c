package dev.sandbox.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The installation's administration ({@code /v1/admin}): tenants with their limits and their API keys. Only an
 * administrator's key may call these; any other key gets {@link SandboxAuthenticationException} (403). Get it with
 * {@link SandboxClient#administration()}; {@link SandboxClient} offers the same calls under the same names.
 */
public final class Administration extends GatewayCalls {
    Administration(Transport transport) {
        super(transport);
    }

    /**
     * Creates a tenant (administrator keys only).
     *
     * @param name the tenant's name: lowercase letters, digits and '-', at most 63
     * @param limits its limits, or {@code null} for none
     * @return the new tenant; fails with {@link SandboxOperationException} (409) when the name is taken and with
     *     {@link SandboxAuthenticationException} (403) for a key that is not an administrator's
     */
    public CompletableFuture<TenantInfo> createTenant(String name, TenantLimits limits) {
        ObjectNode body = transport.json().createObjectNode().put("name", Arguments.required(name, "name"));
        body.set("limits", limitsNode(limits));
        return transport.sendJson("POST", Routes.TENANTS, body, transport.timeout(), TenantInfo.class);
    }

    /**
     * Lists the tenants (administrator keys only).
     *
     * @return every tenant, by name
     */
    public CompletableFuture<List<TenantInfo>> listTenants() {
        return transport.getItems(Routes.TENANTS, TenantInfo.class);
    }

    /**
     * Reads a tenant with what its sandboxes hold now (administrator keys only).
     *
     * @param name the tenant's name
     * @return the tenant, with {@link TenantInfo#usage()}; fails with {@link SandboxNotFoundException} when there is none
     */
    public CompletableFuture<TenantInfo> getTenant(String name) {
        return transport.get(Routes.tenant(name), TenantInfo.class);
    }

    /**
     * Sets a tenant's limits (administrator keys only). All five are set: a {@code null} field removes that limit.
     *
     * @param name the tenant's name
     * @param limits the new limits
     * @return the tenant as it is now
     */
    public CompletableFuture<TenantInfo> updateTenant(String name, TenantLimits limits) {
        ObjectNode body = transport.json().createObjectNode();
        body.set("limits", limitsNode(limits));
        return transport.sendJson("PATCH", Routes.tenant(name), body, transport.timeout(), TenantInfo.class);
    }

    /**
     * Deletes a tenant (administrator keys only): its keys stop working at once, its sandboxes and network volumes are
     * deleted.
     *
     * @param name the tenant's name
     * @return completes once the tenant is deleted
     */
    public CompletableFuture<Void> deleteTenant(String name) {
        return transport.delete(Routes.tenant(name));
    }

    /**
     * Issues an API key of a tenant (administrator keys only). The key is in {@link ApiKeyInfo#key()} of this answer and
     * nowhere else: keep it.
     *
     * @param tenant the tenant's name
     * @param keyName a name to tell keys apart, or {@code null}
     * @return the new key with its plain text
     */
    public CompletableFuture<ApiKeyInfo> createApiKey(String tenant, String keyName) {
        String path = Routes.tenant(tenant) + "/keys";
        return transport.sendJson("POST", path, new NameBody(keyName), transport.timeout(), ApiKeyInfo.class);
    }

    /**
     * Lists a tenant's API keys, revoked ones included, without their plain text (administrator keys only).
     *
     * @param tenant the tenant's name
     * @return its keys, oldest first
     */
    public CompletableFuture<List<ApiKeyInfo>> listApiKeys(String tenant) {
        return transport.getItems(Routes.tenant(tenant) + "/keys", ApiKeyInfo.class);
    }

    /**
     * Revokes an API key (administrator keys only); it stops working at once.
     *
     * @param keyId the key's id ({@link ApiKeyInfo#id()})
     * @return completes once the key is revoked
     */
    public CompletableFuture<Void> revokeApiKey(long keyId) {
        return transport.delete(Routes.KEYS + "/" + keyId);
    }

    /** All five limits, absent ones as explicit nulls: an update sets every limit, none is left as it was. */
    private ObjectNode limitsNode(TenantLimits limits) {
        TenantLimits l = limits == null ? TenantLimits.none() : limits;
        // ObjectNode.put writes a JSON null for a null Integer, Double or String.
        return transport
                .json()
                .createObjectNode()
                .put("sandboxes", l.sandboxes())
                .put("cpu", l.cpu())
                .put("memory", l.memory())
                .put("disk", l.disk())
                .put("requestsPerSecond", l.requestsPerSecond());
    }
}
