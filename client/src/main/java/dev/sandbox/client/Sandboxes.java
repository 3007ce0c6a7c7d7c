package dev.sandbox.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sandboxes themselves: create, read, list, delete, their lifecycle (stop, start, restart, pause, resume) and the
 * settings that recreate their container (environment, entrypoint). Get it with {@link SandboxClient#sandboxes()};
 * {@link SandboxClient} offers the same calls under the same names.
 */
public final class Sandboxes extends GatewayCalls {
    Sandboxes(Transport transport) {
        super(transport);
    }

    /**
     * Creates a sandbox and answers as soon as the gateway has accepted it (usually in phase {@code Pending}).
     *
     * @param request what to run
     * @return the new sandbox
     */
    public CompletableFuture<SandboxInfo> createSandbox(CreateSandboxRequest request) {
        return createSandbox(request, false);
    }

    /**
     * Creates a sandbox, optionally waiting until it is {@code Running} or {@code Failed} ({@code ?wait=true}). While
     * waiting the gateway holds the request open for up to 60 seconds; the client's timeout is extended by that long.
     *
     * @param request what to run
     * @param waitUntilReady {@code true} to answer only once the sandbox is Running or Failed
     * @return the new sandbox; fails with {@link SandboxTimeoutException} when the gateway gave up waiting
     * @throws SandboxValidationException when {@code request} is {@code null}
     */
    public CompletableFuture<SandboxInfo> createSandbox(CreateSandboxRequest request, boolean waitUntilReady) {
        Arguments.requiredRequest(request);
        String path = Routes.SANDBOXES + (waitUntilReady ? "?wait=true" : "");
        Duration requestTimeout = waitUntilReady ? transport.waiting() : transport.timeout();
        return transport.sendJson("POST", path, request, requestTimeout, SandboxInfo.class);
    }

    /**
     * Reads one sandbox.
     *
     * @param sandboxId the sandbox id
     * @return the sandbox; fails with {@link SandboxNotFoundException} when it does not exist
     * @throws SandboxValidationException when {@code sandboxId} is blank
     */
    public CompletableFuture<SandboxInfo> getSandbox(String sandboxId) {
        return transport.get(Routes.sandbox(sandboxId), SandboxInfo.class);
    }

    /**
     * Reads one sandbox; the same as {@link #getSandbox(String)}, named as in the original Python SDK.
     *
     * @param sandboxId the sandbox id
     * @return the sandbox, whose {@link SandboxInfo#phase()} is its status
     * @throws SandboxValidationException when {@code sandboxId} is blank
     */
    public CompletableFuture<SandboxInfo> getSandboxStatus(String sandboxId) {
        return getSandbox(sandboxId);
    }

    /**
     * Lists the caller's sandboxes.
     *
     * @return every sandbox of the caller's tenant
     */
    public CompletableFuture<List<SandboxInfo>> listSandboxes() {
        return listSandboxes(null);
    }

    /**
     * Lists the caller's sandboxes in one phase.
     *
     * @param status a phase such as {@code running} (case-insensitive), or {@code null} for all sandboxes
     * @return the matching sandboxes
     */
    public CompletableFuture<List<SandboxInfo>> listSandboxes(String status) {
        return listSandboxes(status, Map.of());
    }

    /**
     * Lists the caller's sandboxes in a phase that carry every one of {@code labels}.
     *
     * @param status a phase such as {@code running} (case-insensitive), or {@code null} for all
     * @param labels labels every listed sandbox carries, or an empty map
     * @return the sandboxes, oldest first
     */
    public CompletableFuture<List<SandboxInfo>> listSandboxes(String status, Map<String, String> labels) {
        List<String> query = new ArrayList<>();
        if (status != null && !status.isBlank()) {
            query.add("status=" + Routes.encode(status));
        }
        if (labels != null) {
            labels.forEach((k, v) -> query.add("label=" + Routes.encode(k + "=" + (v == null ? "" : v))));
        }
        String path = Routes.SANDBOXES + (query.isEmpty() ? "" : "?" + String.join("&", query));
        return transport.getItems(path, SandboxInfo.class);
    }

    /**
     * Deletes a sandbox. Its container and workspace are removed shortly after the call returns.
     *
     * @param sandboxId the sandbox id
     * @return completes when the gateway has accepted the deletion; fails with {@link SandboxNotFoundException} when
     *     the sandbox does not exist
     * @throws SandboxValidationException when {@code sandboxId} is blank
     */
    public CompletableFuture<Void> deleteSandbox(String sandboxId) {
        return transport.delete(Routes.sandbox(sandboxId));
    }

    /**
     * Stops a sandbox: SIGTERM, then SIGKILL after {@code timeout}. Its workspace and record are kept; {@link
     * #startSandbox(String)} brings it back with the same files. Waits until it is stopped.
     *
     * @param sandboxId the sandbox id
     * @param timeout grace period before the process is killed, up to one hour; {@code null} for the default (10 s)
     * @return the sandbox once stopped
     */
    public CompletableFuture<SandboxInfo> stopSandbox(String sandboxId, Duration timeout) {
        String query = "?wait=true";
        if (timeout != null) {
            query += "&timeout=" + Arguments.gracePeriod(timeout).toSeconds();
        }
        return lifecycle(sandboxId, "/stop" + query, timeout == null ? Duration.ZERO : timeout);
    }

    /**
     * Starts a stopped (or failed) sandbox again and waits until it is Running or Failed.
     *
     * @param sandboxId the sandbox id
     * @return the sandbox once settled
     */
    public CompletableFuture<SandboxInfo> startSandbox(String sandboxId) {
        return lifecycle(sandboxId, "/start?wait=true", Duration.ZERO);
    }

    /**
     * Restarts a sandbox (stop with the grace period, then start; the workspace is kept) and waits until it is Running
     * or Failed. The request is recorded in the sandbox, so it is carried out even if the operator restarts meanwhile.
     *
     * @param sandboxId the sandbox id
     * @return the sandbox once restarted
     */
    public CompletableFuture<SandboxInfo> restartSandbox(String sandboxId) {
        return lifecycle(sandboxId, "/restart?wait=true", Duration.ZERO);
    }

    /**
     * Pauses a sandbox: every process is frozen with its memory kept and uses no CPU until {@link #resumeSandbox}.
     * Files can still be read and written meanwhile; commands are refused unless they ask to resume it. Waits until it
     * is paused.
     *
     * @param sandboxId the sandbox id
     * @return the sandbox once paused; fails with {@link SandboxOperationException} when it is not running
     */
    public CompletableFuture<SandboxInfo> pauseSandbox(String sandboxId) {
        return lifecycle(sandboxId, "/pause?wait=true", Duration.ZERO);
    }

    /**
     * Resumes a paused sandbox: every process goes on where it was. Waits until it is Running.
     *
     * @param sandboxId the sandbox id
     * @return the sandbox once running; resuming a running sandbox changes nothing
     */
    public CompletableFuture<SandboxInfo> resumeSandbox(String sandboxId) {
        return lifecycle(sandboxId, "/resume?wait=true", Duration.ZERO);
    }

    /**
     * Reads the sandbox's environment variables.
     *
     * @param sandboxId the sandbox id
     * @return the variables by name
     */
    public CompletableFuture<Map<String, String>> getEnvironment(String sandboxId) {
        return transport.send(
                transport.getRequest(Routes.sandbox(sandboxId) + "/environment"),
                response -> stringMap(transport.readTree(response).path("environment")));
    }

    /**
     * Changes the sandbox's environment variables. Docker cannot change them in a running container, so the container
     * is recreated (the workspace is kept); the call returns once the change is live.
     *
     * @param sandboxId the sandbox id
     * @param environment variables to set
     * @param merge {@code true} to add to and override the current variables, {@code false} to replace them all
     * @return the environment now in force
     */
    public CompletableFuture<Map<String, String>> updateEnvironment(
            String sandboxId, Map<String, String> environment, boolean merge) {
        if (environment == null) {
            throw new SandboxValidationException("environment is required", "environment");
        }
        EnvironmentBody body = new EnvironmentBody(environment, merge);
        String path = Routes.sandbox(sandboxId) + "/environment?wait=true";
        return transport.send(
                transport.jsonRequest("PUT", path, body, transport.waiting()),
                response -> stringMap(transport.readTree(response).path("environment")));
    }

    /**
     * Reads the sandbox's entrypoint and command ({@code null} where the image's default is used).
     *
     * @param sandboxId the sandbox id
     * @return the entrypoint and command
     */
    public CompletableFuture<Entrypoint> getEntrypoint(String sandboxId) {
        return transport.get(Routes.sandbox(sandboxId) + "/entrypoint", Entrypoint.class);
    }

    /**
     * Changes the sandbox's entrypoint and/or command; the container is recreated with the same workspace and the call
     * returns once the change is live. An argument left {@code null} keeps its current value.
     *
     * @param sandboxId the sandbox id
     * @param entrypoint new entrypoint arguments, or {@code null} to keep it
     * @param command new command arguments, or {@code null} to keep it
     * @return the entrypoint and command now in force
     */
    public CompletableFuture<Entrypoint> updateEntrypoint(
            String sandboxId, List<String> entrypoint, List<String> command) {
        if (entrypoint == null && command == null) {
            throw new SandboxValidationException("give an entrypoint, a command or both", "entrypoint");
        }
        EntrypointBody body = new EntrypointBody(entrypoint, command);
        String path = Routes.sandbox(sandboxId) + "/entrypoint?wait=true";
        return transport.sendJson("PUT", path, body, transport.waiting(), Entrypoint.class);
    }

    private CompletableFuture<SandboxInfo> lifecycle(String sandboxId, String pathAndQuery, Duration extra) {
        String path = Routes.sandbox(sandboxId) + pathAndQuery;
        return transport.call(transport.emptyPost(path, transport.waiting().plus(extra)), SandboxInfo.class);
    }

    /** The body of an environment change. */
    record EnvironmentBody(Map<String, String> environment, boolean merge) {}

    /** The body of an entrypoint change; an absent field keeps its current value. */
    record EntrypointBody(List<String> entrypoint, List<String> command) {}

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}
