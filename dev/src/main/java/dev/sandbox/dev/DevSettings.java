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
public record DevSettings(
        Path home,
        int gatewayPort,
        String gatewayHost,
        int kubePort,
        String dockerHost,
        String node,
        boolean persistentDatabase,
        int operatorHttpPort,
        String previewUrl) {

    /**
     * Reads {@code SANDBOX_HOME}, {@code SANDBOX_PORT}, {@code SANDBOX_BIND}, {@code SANDBOX_KUBE_PORT}, {@code DOCKER_HOST},
     * {@code SANDBOX_OPERATOR_HTTP_PORT} and {@code SANDBOX_PREVIEW_URL} (default {@code http://localhost:<port>}: browsers
     * send every {@code *.localhost} name to this machine, so {@code http://8080-<id>.localhost:8080/} works without DNS).
     */
    public static DevSettings fromEnvironment(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("SANDBOX_HOME", System.getProperty("user.home") + "/.sandbox"));
        int port = port(env, "SANDBOX_PORT", 8080);
        String bind = env.getOrDefault("SANDBOX_BIND", "127.0.0.1");
        // The metrics port is no entry point anyone types: when it is not set and 9090 is taken (by another dev mode),
        // any free port will do; the banner shows which.
        int operatorHttpPort = env.containsKey("SANDBOX_OPERATOR_HTTP_PORT")
                ? port(env, "SANDBOX_OPERATOR_HTTP_PORT", 9090)
                : PortCheck.free(bind, 9090) ? 9090 : 0;
        return new DevSettings(
                home,
                port,
                bind,
                port(env, "SANDBOX_KUBE_PORT", 6443),
                env.getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock"),
                "local",
                true,
                operatorHttpPort,
                env.getOrDefault("SANDBOX_PREVIEW_URL", "http://localhost:" + port));
    }

    private static int port(Map<String, String> env, String variable, int fallback) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException(
                variable + " must be a port number from 0 to 65535 (0: any free port), not '" + value + "'");
    }

    /** Settings for tests: free ports, a throwaway database, a node name of its own so parallel stacks do not collide. */
    public static DevSettings forTests(Path home, String node) {
        // The engine of DOCKER_HOST, like the docker command line the tests also call.
        String docker = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
        return new DevSettings(home, 0, "127.0.0.1", 0, docker, node, false, 0, "http://preview.test");
    }
}
