package dev.sandbox.gateway;

import dev.sandbox.crd.Quantities;
import dev.sandbox.db.ProcessEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Settings of the REST gateway.
 *
 * @param host address to listen on
 * @param port port to listen on (0 picks a free one)
 * @param namespace Kubernetes namespace where sandboxes are created; node agents are looked up here, then in
 *     {@code default}
 * @param defaultWait how long {@code ?wait=true} waits when the request names no limit
 * @param maxWait the longest wait a request may ask for
 * @param maxExecOutputBytes cap on each of stdout and stderr returned by exec
 * @param activityFlushInterval how often the activity noted on sandboxes is written to PostgreSQL for the idle clean-up
 * @param agentToken the secret shared with the node agents ({@code SANDBOX_AGENT_TOKEN})
 * @param previewUrl base URL of preview hosts ({@code SANDBOX_PREVIEW_URL}), such as
 *     {@code https://preview.example.com}: port 8080 of sandbox {@code sbx-1} is then served at
 *     {@code https://8080-sbx-1.preview.example.com/}; null turns the host form off (the path form always works)
 * @param systemNamespace namespace where the operators announce their node agents ({@code SANDBOX_SYSTEM_NAMESPACE}, the
 *     installation's own namespace in a cluster); agents are looked up there first
 * @param maxDiskBytes the cluster's largest {@code resources.disk} ({@code SANDBOX_MAX_DISK}, default {@code 10g}); set it
 *     to the operators' value
 * @param ports the node port range sandboxes may ask for and the ports reserved for the platform
 */
public record GatewayConfig(
        String host,
        int port,
        String namespace,
        Duration defaultWait,
        Duration maxWait,
        int maxExecOutputBytes,
        Duration activityFlushInterval,
        String agentToken,
        String previewUrl,
        String systemNamespace,
        long maxDiskBytes,
        PortPolicy ports) {

    public static GatewayConfig defaults() {
        return new GatewayConfig(
                "127.0.0.1",
                8080,
                "default",
                Duration.ofSeconds(60),
                Duration.ofMinutes(10),
                1 << 20,
                Duration.ofSeconds(5),
                System.getenv("SANDBOX_AGENT_TOKEN"),
                System.getenv("SANDBOX_PREVIEW_URL"),
                "default",
                maxDisk(new ProcessEnvironment(System.getenv())),
                PortPolicy.fromEnvironment(System.getenv()));
    }

    /**
     * Settings of a production gateway from its environment: {@code SANDBOX_GATEWAY_HOST} (default {@code 0.0.0.0}),
     * {@code SANDBOX_GATEWAY_PORT} (8080), {@code SANDBOX_NAMESPACE} ({@code default}), {@code SANDBOX_SYSTEM_NAMESPACE}
     * ({@code default}), {@code SANDBOX_AGENT_TOKEN} (required), {@code SANDBOX_PREVIEW_URL} (optional),
     * {@code SANDBOX_MAX_DISK} ({@code 10g}).
     *
     * @throws IllegalArgumentException naming the variable that is missing or malformed
     */
    public static GatewayConfig fromEnvironment(Map<String, String> env) {
        GatewayConfig d = defaults();
        ProcessEnvironment settings = new ProcessEnvironment(env);
        String token = settings.required("SANDBOX_AGENT_TOKEN", "the gateway needs the secret the node agents expect");
        int port = settings.port("SANDBOX_GATEWAY_PORT", d.port());
        String preview = env.get("SANDBOX_PREVIEW_URL");
        return new GatewayConfig(
                settings.text("SANDBOX_GATEWAY_HOST", "0.0.0.0"),
                port,
                settings.text("SANDBOX_NAMESPACE", d.namespace()),
                d.defaultWait(),
                d.maxWait(),
                d.maxExecOutputBytes(),
                d.activityFlushInterval(),
                token,
                preview == null || preview.isBlank() ? null : preview,
                settings.text("SANDBOX_SYSTEM_NAMESPACE", d.systemNamespace()),
                maxDisk(settings),
                PortPolicy.fromEnvironment(env));
    }

    public GatewayConfig withPort(int newPort) {
        return copy(c -> c.port = newPort);
    }

    public GatewayConfig withHost(String newHost) {
        return copy(c -> c.host = newHost);
    }

    public GatewayConfig withNamespace(String newNamespace) {
        return copy(c -> c.namespace = newNamespace);
    }

    /** A copy writing activity at another interval (tests use a short one). */
    public GatewayConfig withActivityFlushInterval(Duration interval) {
        return copy(c -> c.activityFlushInterval = interval);
    }

    public GatewayConfig withPreviewUrl(String url) {
        return copy(c -> c.previewUrl = url);
    }

    public GatewayConfig withAgentToken(String token) {
        return copy(c -> c.agentToken = token);
    }

    /** A copy that looks node agents up in {@code namespace} first. */
    public GatewayConfig withSystemNamespace(String newSystemNamespace) {
        return copy(c -> c.systemNamespace = newSystemNamespace);
    }

    /** A copy with another node port policy. */
    public GatewayConfig withPorts(PortPolicy newPorts) {
        return copy(c -> c.ports = newPorts);
    }

    /** A copy with another largest {@code resources.disk}. */
    public GatewayConfig withMaxDiskBytes(long bytes) {
        return copy(c -> c.maxDiskBytes = bytes);
    }

    /** {@code SANDBOX_MAX_DISK}, e.g. {@code 10g} (the default, also when the value is blank). */
    private static long maxDisk(ProcessEnvironment settings) {
        return settings.parsedUnlessBlank("SANDBOX_MAX_DISK", Quantities::parseBytes, 10L * 1024 * 1024 * 1024);
    }

    /** The one place a changed copy is made: every {@code with...} method changes only its own setting. */
    private GatewayConfig copy(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return draft.build();
    }

    /** The settings of a copy while they are being changed. */
    private static final class Draft {
        String host;
        int port;
        String namespace;
        final Duration defaultWait;
        final Duration maxWait;
        final int maxExecOutputBytes;
        Duration activityFlushInterval;
        String agentToken;
        String previewUrl;
        String systemNamespace;
        long maxDiskBytes;
        PortPolicy ports;

        Draft(GatewayConfig c) {
            host = c.host;
            port = c.port;
            namespace = c.namespace;
            defaultWait = c.defaultWait;
            maxWait = c.maxWait;
            maxExecOutputBytes = c.maxExecOutputBytes;
            activityFlushInterval = c.activityFlushInterval;
            agentToken = c.agentToken;
            previewUrl = c.previewUrl;
            systemNamespace = c.systemNamespace;
            maxDiskBytes = c.maxDiskBytes;
            ports = c.ports;
        }

        GatewayConfig build() {
            return new GatewayConfig(
                    host,
                    port,
                    namespace,
                    defaultWait,
                    maxWait,
                    maxExecOutputBytes,
                    activityFlushInterval,
                    agentToken,
                    previewUrl,
                    systemNamespace,
                    maxDiskBytes,
                    ports);
        }
    }
}
