package dev.sandbox.gateway;

import java.time.Duration;

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
                maxDisk(System.getenv()),
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
    public static GatewayConfig fromEnvironment(java.util.Map<String, String> env) {
        GatewayConfig d = defaults();
        String token = env.get("SANDBOX_AGENT_TOKEN");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(
                    "SANDBOX_AGENT_TOKEN is not set: the gateway needs the secret the node agents expect");
        }
        String port = env.getOrDefault("SANDBOX_GATEWAY_PORT", "8080");
        int portNumber;
        try {
            portNumber = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SANDBOX_GATEWAY_PORT must be a port number, not '" + port + "'");
        }
        String preview = env.get("SANDBOX_PREVIEW_URL");
        return new GatewayConfig(
                env.getOrDefault("SANDBOX_GATEWAY_HOST", "0.0.0.0"),
                portNumber,
                env.getOrDefault("SANDBOX_NAMESPACE", d.namespace()),
                d.defaultWait(),
                d.maxWait(),
                d.maxExecOutputBytes(),
                d.activityFlushInterval(),
                token,
                preview == null || preview.isBlank() ? null : preview,
                env.getOrDefault("SANDBOX_SYSTEM_NAMESPACE", d.systemNamespace()),
                maxDisk(env),
                PortPolicy.fromEnvironment(env));
    }

    public GatewayConfig withPort(int newPort) {
        return new GatewayConfig(
                host,
                newPort,
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

    public GatewayConfig withHost(String newHost) {
        return new GatewayConfig(
                newHost,
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

    public GatewayConfig withNamespace(String newNamespace) {
        return new GatewayConfig(
                host,
                port,
                newNamespace,
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

    /** A copy writing activity at another interval (tests use a short one). */
    public GatewayConfig withActivityFlushInterval(Duration interval) {
        return new GatewayConfig(
                host,
                port,
                namespace,
                defaultWait,
                maxWait,
                maxExecOutputBytes,
                interval,
                agentToken,
                previewUrl,
                systemNamespace,
                maxDiskBytes,
                ports);
    }

    public GatewayConfig withPreviewUrl(String url) {
        return new GatewayConfig(
                host,
                port,
                namespace,
                defaultWait,
                maxWait,
                maxExecOutputBytes,
                activityFlushInterval,
                agentToken,
                url,
                systemNamespace,
                maxDiskBytes,
                ports);
    }

    public GatewayConfig withAgentToken(String token) {
        return new GatewayConfig(
                host,
                port,
                namespace,
                defaultWait,
                maxWait,
                maxExecOutputBytes,
                activityFlushInterval,
                token,
                previewUrl,
                systemNamespace,
                maxDiskBytes,
                ports);
    }

    /** A copy that looks node agents up in {@code namespace} first. */
    public GatewayConfig withSystemNamespace(String newSystemNamespace) {
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
                newSystemNamespace,
                maxDiskBytes,
                ports);
    }

    /** A copy with another node port policy. */
    public GatewayConfig withPorts(PortPolicy newPorts) {
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
                newPorts);
    }

    /** A copy with another largest {@code resources.disk}. */
    public GatewayConfig withMaxDiskBytes(long bytes) {
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
                bytes,
                ports);
    }

    /** {@code SANDBOX_MAX_DISK}, e.g. {@code 10g} (the default). */
    private static long maxDisk(java.util.Map<String, String> env) {
        String value = env.get("SANDBOX_MAX_DISK");
        if (value == null || value.isBlank()) {
            return 10L * 1024 * 1024 * 1024;
        }
        try {
            return dev.sandbox.crd.Quantities.parseBytes(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SANDBOX_MAX_DISK must be a size such as 10g, not '" + value + "'");
        }
    }
}
