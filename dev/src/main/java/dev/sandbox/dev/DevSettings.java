package dev.sandbox.dev;

import java.nio.file.Path;
import java.util.Map;

/**
 * Settings of the one-process dev mode.
 *
 * @param home state directory (API key, kubeconfig, PostgreSQL data)
 * @param gatewayPort REST gateway port (0 = any free port)
 * @param gatewayHost address the gateway listens on
 * @param kubePort port of the in-memory Kubernetes API (0 = any free port)
 * @param dockerHost Docker engine address
 * @param node node name of the embedded operator
 * @param persistentDatabase keep PostgreSQL data under {@code home} across runs (tests use a throwaway one)
 * @param operatorHttpPort port of the operator's metrics and health endpoints (0 = any free port), on the gateway's address
 * @param previewUrl base URL of preview hosts: port 8080 of sandbox {@code sbx-1} is at {@code 8080-sbx-1.<its host>}
 */
public record DevSettings(Path home, int gatewayPort, String gatewayHost, int kubePort, String dockerHost, String node,
    boolean persistentDatabase, int operatorHttpPort, String previewUrl) {

  /**
   * Reads {@code SANDBOX_HOME}, {@code SANDBOX_PORT}, {@code SANDBOX_BIND}, {@code SANDBOX_KUBE_PORT}, {@code DOCKER_HOST},
   * {@code SANDBOX_OPERATOR_HTTP_PORT} and {@code SANDBOX_PREVIEW_URL} (default {@code http://localhost:<port>}: browsers
   * send every {@code *.localhost} name to this machine, so {@code http://8080-<id>.localhost:8080/} works without DNS).
   */
  public static DevSettings fromEnvironment(Map<String, String> env) {
    Path home = Path.of(env.getOrDefault("SANDBOX_HOME", System.getProperty("user.home") + "/.sandbox"));
    int port = Integer.parseInt(env.getOrDefault("SANDBOX_PORT", "8080"));
    return new DevSettings(home,
        port,
        env.getOrDefault("SANDBOX_BIND", "127.0.0.1"),
        Integer.parseInt(env.getOrDefault("SANDBOX_KUBE_PORT", "6443")),
        env.getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock"),
        "local",
        true,
        Integer.parseInt(env.getOrDefault("SANDBOX_OPERATOR_HTTP_PORT", "9090")),
        env.getOrDefault("SANDBOX_PREVIEW_URL", "http://localhost:" + port));
  }

  /** Settings for tests: free ports, a throwaway database, a node name of its own so parallel stacks do not collide. */
  public static DevSettings forTests(Path home, String node) {
    // The engine of DOCKER_HOST, like the docker command line the tests also call.
    String docker = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
    return new DevSettings(home, 0, "127.0.0.1", 0, docker, node, false, 0, "http://preview.test");
  }
}
