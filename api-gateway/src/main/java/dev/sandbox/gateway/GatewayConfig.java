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
 * @param ports the node port range sandboxes may ask for and the ports reserved for the platform
 */
public record GatewayConfig(String host, int port, String namespace, Duration defaultWait, Duration maxWait, int maxExecOutputBytes,
    Duration activityFlushInterval, String agentToken, String previewUrl, PortPolicy ports) {

  public static GatewayConfig defaults() {
    return new GatewayConfig("127.0.0.1", 8080, "default", Duration.ofSeconds(60), Duration.ofMinutes(10), 1 << 20, Duration.ofSeconds(5),
        System.getenv("SANDBOX_AGENT_TOKEN"), System.getenv("SANDBOX_PREVIEW_URL"), PortPolicy.fromEnvironment(System.getenv()));
  }

  public GatewayConfig withPort(int newPort) {
    return new GatewayConfig(host, newPort, namespace, defaultWait, maxWait, maxExecOutputBytes, activityFlushInterval, agentToken, previewUrl, ports);
  }

  public GatewayConfig withHost(String newHost) {
    return new GatewayConfig(newHost, port, namespace, defaultWait, maxWait, maxExecOutputBytes, activityFlushInterval, agentToken, previewUrl, ports);
  }

  public GatewayConfig withNamespace(String newNamespace) {
    return new GatewayConfig(host, port, newNamespace, defaultWait, maxWait, maxExecOutputBytes, activityFlushInterval, agentToken, previewUrl, ports);
  }

  /** A copy writing activity at another interval (tests use a short one). */
  public GatewayConfig withActivityFlushInterval(Duration interval) {
    return new GatewayConfig(host, port, namespace, defaultWait, maxWait, maxExecOutputBytes, interval, agentToken, previewUrl, ports);
  }

  /** A copy with another node port policy. */
  public GatewayConfig withPorts(PortPolicy newPorts) {
    return new GatewayConfig(host, port, namespace, defaultWait, maxWait, maxExecOutputBytes, activityFlushInterval, agentToken, previewUrl, newPorts);
  }

  public GatewayConfig withPreviewUrl(String url) {
    return new GatewayConfig(host, port, namespace, defaultWait, maxWait, maxExecOutputBytes, activityFlushInterval, agentToken, url, ports);
  }

  public GatewayConfig withAgentToken(String token) {
    return new GatewayConfig(host, port, namespace, defaultWait, maxWait, maxExecOutputBytes, activityFlushInterval, token, previewUrl, ports);
  }
}
