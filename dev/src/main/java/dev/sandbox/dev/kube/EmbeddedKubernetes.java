package dev.sandbox.dev.kube;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An in-memory Kubernetes API server for the one-process dev mode and for tests.
 *
 * <p>It is fabric8's {@link KubernetesMockServer} in CRUD mode, on plain HTTP at {@code 127.0.0.1}, with the
 * Sandbox, NetworkVolume and NetworkVolumeClass CRDs and the {@code default} namespace created at start, plus what the real
 * {@code kubectl} needs (discovery, printer-column tables, merge patches, a stub OpenAPI v3 document):
 * {@code kubectl get}, {@code apply}, {@code create}, {@code delete}, {@code patch --type=merge|json} and
 * {@code patch --subresource=status} work against {@link #writeKubeconfig(Path) the kubeconfig it writes}.
 *
 * <p>What it cannot do: server-side apply and dry run; HTTP streaming watches, so {@code kubectl get -w} and a
 * {@code kubectl wait} that has to wait (the mock streams watches over WebSocket only; fabric8 clients and informers
 * watch fine); protobuf bodies, so kubectl's typed generators ({@code kubectl create configmap|secret|namespace}; use
 * {@code apply -f}/{@code create -f} with YAML instead); strategic merge patches with lists or directives (so
 * re-applying a changed Pod or Deployment); schema and field validation (kubectl's {@code --validate} is accepted
 * and has no effect: validate in the gateway); defaulting, admission and garbage collection.
 *
 * <pre>{@code
 * try (EmbeddedKubernetes kube = EmbeddedKubernetes.start(0)) {
 *   kube.writeKubeconfig(Path.of("kubeconfig"));
 *   kube.client().resources(Sandbox.class).inNamespace("default").list();
 * }
 * }</pre>
 */
public final class EmbeddedKubernetes implements AutoCloseable {

    /** Name of the cluster, user and context in the kubeconfig. */
    public static final String CONTEXT = "sandbox-dev";

    /** Namespace the kubeconfig and {@link #client()} default to. */
    public static final String NAMESPACE = "default";

    /** Classpath resources (in the sandbox-crds jar) of the CRDs created at start. */
    static final List<String> CRD_RESOURCES = List.of(
            "META-INF/fabric8/sandboxes.sandbox.dev-v1.yml",
            "META-INF/fabric8/networkvolumes.sandbox.dev-v1.yml",
            "META-INF/fabric8/sandboxtemplates.sandbox.dev-v1.yml",
            "META-INF/fabric8/sandboxwarmpools.sandbox.dev-v1.yml",
            "META-INF/fabric8/sandboxsnapshots.sandbox.dev-v1.yml",
            "META-INF/fabric8/networkvolumeclasses.sandbox.dev-v1.yml");

    /**
     * The mock web server logs every request at INFO through java.util.logging. JUL holds loggers weakly, so the
     * lowered level would be lost with a garbage-collected logger: keep it referenced.
     */
    private static final Logger MOCK_LOGGER = Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final EmbeddedApiDispatcher dispatcher;
    private final KubernetesClient client;
    private final String url;
    private final int port;

    private EmbeddedKubernetes(int requestedPort) {
        MOCK_LOGGER.setLevel(Level.WARNING);
        MockWebServer webServer = new MockWebServer();
        dispatcher = new EmbeddedApiDispatcher(webServer);
        server = new KubernetesMockServer(
                new Context(Serialization.jsonMapper()), webServer, new HashMap<>(), dispatcher, false);
        try {
            server.start(loopback(), requestedPort);
        } catch (RuntimeException e) {
            // The mock has already made its Vert.x instance; stop it, or its threads outlive the failed start.
            server.destroy();
            throw new IllegalStateException("Cannot listen on 127.0.0.1:" + requestedPort, e);
        }
        port = server.getPort();
        // 127.0.0.1 rather than the mock's "localhost": kubectl might resolve localhost to ::1, where nothing listens.
        url = "http://127.0.0.1:" + port;
        client = new KubernetesClientBuilder()
                .withConfig(clientConfig(url))
                // The JDK client: the project excludes fabric8's Vert.x client (two on the classpath get picked at
                // random).
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build();
    }

    /**
     * Starts the server and creates the CRDs and the {@code default} namespace.
     *
     * @param port the port on 127.0.0.1 to listen on; 0 for any free port
     * @return the running server; close it to stop it
     * @throws IllegalStateException when the port is taken
     */
    public static EmbeddedKubernetes start(int port) {
        EmbeddedKubernetes kube = new EmbeddedKubernetes(port);
        try {
            kube.bootstrap();
        } catch (RuntimeException e) {
            kube.close();
            throw e;
        }
        return kube;
    }

    private void bootstrap() {
        for (String resource : CRD_RESOURCES) {
            // The mock honours the status subresource only for resources whose CRD it stores.
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(loadCrd(resource))
                    .create();
        }
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NAMESPACE)
                        .endMetadata()
                        .build())
                .create();
    }

    private static CustomResourceDefinition loadCrd(String resource) {
        ClassLoader loader = EmbeddedKubernetes.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "CRD " + resource + " is not on the classpath (is sandbox-crds there?)");
            }
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read CRD " + resource, e);
        }
    }

    private static Config clientConfig(String url) {
        // Config.empty(): nothing from ~/.kube/config or the environment may leak into the dev cluster's client.
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withNamespace(NAMESPACE)
                // Plain HTTP: the JDK client would otherwise try an h2c upgrade on every request.
                .withHttp2Disable(true)
                .build();
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Base URL of the API, e.g. {@code http://127.0.0.1:34567}. */
    public String url() {
        return url;
    }

    /** The port the API listens on at 127.0.0.1. */
    public int port() {
        return port;
    }

    /**
     * Calls {@code listener} with every request this server receives (method, path, bearer token), before it is
     * answered, on the server's threads. Tests record what each client did, e.g. to check its access rights.
     */
    public void onRequest(java.util.function.Consumer<ApiRequest> listener) {
        dispatcher.onRequest(listener);
    }

    /**
     * Writes a kubeconfig for this API whose user presents {@code token} (as a pod's service account token would), so
     * that {@link #onRequest} can tell clients apart.
     */
    public Path writeKubeconfig(Path file, String token) {
        return writeKubeconfigFor(file, "  user:\n    token: " + token);
    }

    /** A client for this API (namespace {@code default}); it is closed with this server. */
    public KubernetesClient client() {
        return client;
    }

    /**
     * Writes a kubeconfig for this API: cluster, user and context {@value #CONTEXT}, namespace {@value #NAMESPACE}.
     * Point kubectl at it with {@code KUBECONFIG=<file>} or {@code --kubeconfig <file>}.
     *
     * @param file the file to write (parent directories are created)
     * @return {@code file}
     */
    public Path writeKubeconfig(Path file) {
        return writeKubeconfigFor(file, "  user: {}");
    }

    private Path writeKubeconfigFor(Path file, String user) {
        String kubeconfig = String.join(
                "\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: " + CONTEXT,
                "  cluster:",
                "    server: " + url,
                "users:",
                "- name: " + CONTEXT,
                user,
                "contexts:",
                "- name: " + CONTEXT,
                "  context:",
                "    cluster: " + CONTEXT,
                "    user: " + CONTEXT,
                "    namespace: " + NAMESPACE,
                "current-context: " + CONTEXT,
                "");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, kubeconfig, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write kubeconfig " + file, e);
        }
        return file;
    }

    /** Closes the client and stops the server; the stored objects are gone. */
    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.destroy();
        }
    }
}
