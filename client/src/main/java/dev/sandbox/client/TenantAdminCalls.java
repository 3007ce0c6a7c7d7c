package dev.sandbox.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The administration calls of {@link SandboxClient} ({@code /v1/admin}), kept apart from the sandbox calls. */
final class TenantAdminCalls {
  private final SandboxClient client;
  private final ObjectMapper json;
  private final Duration timeout;

  TenantAdminCalls(SandboxClient client, ObjectMapper json, Duration timeout) {
    this.client = client;
    this.json = json;
    this.timeout = timeout;
  }

  CompletableFuture<TenantInfo> createTenant(String name, TenantLimits limits) {
    ObjectNode body = json.createObjectNode().put("name", required(name, "name"));
    body.set("limits", limitsNode(limits));
    HttpRequest request = client.jsonRequest("/v1/admin/tenants", timeout).POST(client.body(body)).build();
    return client.send(request, response -> client.read(response, TenantInfo.class));
  }

  CompletableFuture<List<TenantInfo>> listTenants() {
    HttpRequest request = client.request("/v1/admin/tenants", timeout).GET().build();
    JavaType listType = json.getTypeFactory().constructCollectionType(List.class, TenantInfo.class);
    return client.send(request, response -> client.convert(client.readTree(response).path("items"), listType, response));
  }

  CompletableFuture<TenantInfo> getTenant(String name) {
    HttpRequest request = client.request(tenantPath(name), timeout).GET().build();
    return client.send(request, response -> client.read(response, TenantInfo.class));
  }

  CompletableFuture<TenantInfo> updateTenant(String name, TenantLimits limits) {
    ObjectNode body = json.createObjectNode();
    body.set("limits", limitsNode(limits));
    HttpRequest request = client.jsonRequest(tenantPath(name), timeout).method("PATCH", client.body(body)).build();
    return client.send(request, response -> client.read(response, TenantInfo.class));
  }

  CompletableFuture<Void> deleteTenant(String name) {
    HttpRequest request = client.request(tenantPath(name), timeout).DELETE().build();
    return client.send(request, response -> (Void) null);
  }

  CompletableFuture<ApiKeyInfo> createApiKey(String tenant, String keyName) {
    ObjectNode body = json.createObjectNode();
    if (keyName != null) {
      body.put("name", keyName);
    }
    HttpRequest request = client.jsonRequest(tenantPath(tenant) + "/keys", timeout).POST(client.body(body)).build();
    return client.send(request, response -> client.read(response, ApiKeyInfo.class));
  }

  CompletableFuture<List<ApiKeyInfo>> listApiKeys(String tenant) {
    HttpRequest request = client.request(tenantPath(tenant) + "/keys", timeout).GET().build();
    JavaType listType = json.getTypeFactory().constructCollectionType(List.class, ApiKeyInfo.class);
    return client.send(request, response -> client.convert(client.readTree(response).path("items"), listType, response));
  }

  CompletableFuture<Void> revokeApiKey(long keyId) {
    HttpRequest request = client.request("/v1/admin/keys/" + keyId, timeout).DELETE().build();
    return client.send(request, response -> (Void) null);
  }

  /** All five limits, absent ones as explicit nulls: an update sets every limit, none is left as it was. */
  private ObjectNode limitsNode(TenantLimits limits) {
    TenantLimits l = limits == null ? TenantLimits.none() : limits;
    ObjectNode node = json.createObjectNode();
    if (l.sandboxes() == null) {
      node.putNull("sandboxes");
    } else {
      node.put("sandboxes", l.sandboxes());
    }
    if (l.cpu() == null) {
      node.putNull("cpu");
    } else {
      node.put("cpu", l.cpu());
    }
    node.put("memory", l.memory());
    node.put("disk", l.disk());
    if (l.requestsPerSecond() == null) {
      node.putNull("requestsPerSecond");
    } else {
      node.put("requestsPerSecond", l.requestsPerSecond());
    }
    return node;
  }

  private static String tenantPath(String name) {
    return "/v1/admin/tenants/" + URLEncoder.encode(required(name, "name"), StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String required(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new SandboxValidationException(field + " is required", field);
    }
    return value;
  }
}
