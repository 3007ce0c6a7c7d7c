package dev.sandbox.dev;

import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.sandbox.db.Database;
import dev.sandbox.gateway.GatewayConfig;
import dev.sandbox.gateway.SandboxGateway;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A second REST gateway of a running {@link DevStack}, in a process of its own, so that a test can kill it with
 * {@code kill -9} in the middle of a call. {@link #main} is that process; {@link #start} launches it.
 */
final class GatewayProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("GATEWAY-PORT (\\d+)");
    final Process process;
    final String url;
    final Path log;

    private GatewayProcess(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** Arguments: Kubernetes API URL, JDBC URL, database user, password, agent token. */
    public static void main(String[] args) throws Exception {
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(Config.empty())
                        .withMasterUrl(args[0])
                        .withNamespace(DevStack.NAMESPACE)
                        .withHttp2Disable(true)
                        .build())
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build();
        HikariDataSource database = Database.pool(args[1], args[2], args[3], "gateway");
        SandboxGateway gateway = new SandboxGateway(
                        GatewayConfig.defaults()
                                .withHost("127.0.0.1")
                                .withPort(0)
                                .withNamespace(DevStack.NAMESPACE)
                                .withAgentToken(args[4]),
                        client,
                        database)
                .start();
        System.out.println("GATEWAY-PORT " + gateway.port());
        System.out.flush();
        Thread.currentThread().join();
    }

    static GatewayProcess start(DevStack stack, Path log) throws IOException {
        HikariDataSource db = stack.dataSource();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        GatewayProcess.class.getName(),
                        stack.kubernetesUrl(),
                        db.getJdbcUrl(),
                        db.getUsername(),
                        db.getPassword(),
                        stack.agentToken())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        String[] port = new String[1];
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("the gateway process exited:\n" + Files.readString(log));
                    }
                    Matcher m = LISTENING.matcher(Files.exists(log) ? Files.readString(log) : "");
                    if (m.find()) {
                        port[0] = m.group(1);
                        return true;
                    }
                    return false;
                });
        return new GatewayProcess(p, "http://127.0.0.1:" + port[0], log);
    }

    /** kill -9, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
