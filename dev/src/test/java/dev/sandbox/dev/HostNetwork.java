package dev.sandbox.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A stand-in for the world around the node, made by a test: a network namespace joined to the host by a veth pair,
 * with addresses from the documentation ranges (never routed on the Internet) and a web server in it. The test decides
 * which of its ranges count as "outside" and which as the cluster's.
 */
final class HostNetwork implements AutoCloseable {
    final String namespace;
    private final String hostSide;
    private final Process server;
    private final Path root;

    /**
     * @param hostAddresses addresses (with prefix) of the host's end, e.g. {@code 198.51.100.1/24}
     * @param insideAddresses addresses (with prefix) inside the namespace, where the server answers on {@code port}
     */
    HostNetwork(List<String> hostAddresses, List<String> insideAddresses, int port, String body) throws IOException {
        String id = UUID.randomUUID().toString().substring(0, 6);
        namespace = "sbxit-" + id;
        hostSide = "vh" + id;
        String inside = "vn" + id;
        root = Files.createTempDirectory("sbxit-web");
        Files.writeString(root.resolve("index.html"), body);
        must("ip", "netns", "add", namespace);
        must("ip", "link", "add", hostSide, "type", "veth", "peer", "name", inside);
        must("ip", "link", "set", inside, "netns", namespace);
        for (String a : hostAddresses) {
            must("ip", "addr", "add", a, "dev", hostSide);
        }
        must("ip", "link", "set", hostSide, "up");
        for (String a : insideAddresses) {
            must("ip", "netns", "exec", namespace, "ip", "addr", "add", a, "dev", inside);
        }
        must("ip", "netns", "exec", namespace, "ip", "link", "set", inside, "up");
        must("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");
        server = new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        namespace,
                        "/bin/busybox",
                        "httpd",
                        "-f",
                        "-p",
                        Integer.toString(port),
                        "-h",
                        root.toString())
                .redirectErrorStream(true)
                .start();
    }

    static DockerCli.Result run(String... command) {
        return DockerCli.run(command);
    }

    static String must(String... command) {
        DockerCli.Result r = DockerCli.run(command);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + r.output());
        }
        return r.output();
    }

    @Override
    public void close() {
        server.destroyForcibly();
        List<String[]> steps = new ArrayList<>();
        steps.add(new String[] {"ip", "link", "del", hostSide});
        steps.add(new String[] {"ip", "netns", "del", namespace});
        for (String[] step : steps) {
            DockerCli.run(step);
        }
        try {
            Files.deleteIfExists(root.resolve("index.html"));
            Files.deleteIfExists(root);
        } catch (IOException ignored) {
            // A temporary directory: the system cleans it eventually.
        }
    }
}
