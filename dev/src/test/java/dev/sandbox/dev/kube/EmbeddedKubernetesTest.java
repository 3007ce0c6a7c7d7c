package dev.sandbox.dev.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.crd.NetworkVolume;
import dev.sandbox.crd.NetworkVolumeSpec;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.crd.SandboxStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real kubectl and a fabric8 client against {@link EmbeddedKubernetes}.
 *
 * <p>The kubectl tests need kubectl on PATH; the others need nothing but this JVM.
 */
class EmbeddedKubernetesTest {

    private static final String NS = EmbeddedKubernetes.NAMESPACE;
    private static final long KUBECTL_TIMEOUT_SECONDS = 60;

    @TempDir
    Path tmp;

    private EmbeddedKubernetes kube;
    private KubernetesClient client;
    private Path kubeconfig;

    @BeforeEach
    void start() {
        kube = EmbeddedKubernetes.start(0);
        client = kube.client();
        kubeconfig = kube.writeKubeconfig(tmp.resolve("kubeconfig"));
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    @Test
    void listensOnLoopbackWithKubeconfigForIt() throws IOException {
        assertThat(kube.port()).isPositive();
        assertThat(kube.url()).isEqualTo("http://127.0.0.1:" + kube.port());
        String config = Files.readString(kubeconfig);
        assertThat(config)
                .contains("server: " + kube.url())
                .contains("current-context: sandbox-dev")
                .contains("namespace: default");
        assertThat(client.namespaces().withName("default").get()).isNotNull();
        assertThat(client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .list()
                        .getItems())
                .extracting(crd -> crd.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "sandboxes.sandbox.dev",
                        "networkvolumes.sandbox.dev",
                        "sandboxtemplates.sandbox.dev",
                        "sandboxwarmpools.sandbox.dev",
                        "sandboxsnapshots.sandbox.dev",
                        "networkvolumeclasses.sandbox.dev");
    }

    @Test
    void refusesAPortInUse() {
        assertThatThrownBy(() -> EmbeddedKubernetes.start(kube.port()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(String.valueOf(kube.port()));
        // The first server is unharmed.
        assertThat(client.namespaces().withName("default").get()).isNotNull();
    }

    @Test
    void kubectlAppliesGetsPatchesAndDeletesASandbox() throws Exception {
        requireKubectl();
        Path manifest = tmp.resolve("sandbox.yaml");
        Files.writeString(manifest, sandboxYaml("busybox", "sleep", "3600"));

        // Plain apply, no --validate=false: the stub OpenAPI v3 document satisfies kubectl's validation check.
        assertThat(kubectl("apply", "-f", manifest.toString()).ok()).contains("sandbox.sandbox.dev/demo created");
        Sandbox created =
                client.resources(Sandbox.class).inNamespace(NS).withName("demo").get();
        assertThat(created.getSpec().getImage()).isEqualTo("busybox");
        assertThat(created.getSpec().getCommand()).containsExactly("sleep", "3600");

        List<String> table = kubectl("get", "sbx").ok().lines().toList();
        assertThat(header(table))
                .containsSubsequence("NAME", "IMAGE", "NODE", "PHASE")
                .contains("AGE")
                .doesNotContain("RESTARTS", "MESSAGE");
        assertThat(row(table, "demo")).contains("busybox");
        // AGE is rendered by the server from the creationTimestamp, e.g. "0s", never the raw timestamp.
        assertThat(cell(table, "demo", "AGE")).matches("[0-9]+s");
        assertThat(header(kubectl("get", "sbx", "-o", "wide").ok().lines().toList()))
                .contains("RESTARTS", "MESSAGE");

        JsonNode list = Serialization.jsonMapper()
                .readTree(kubectl("get", "sandboxes", "-o", "json").ok());
        assertThat(list.path("items")).hasSize(1);
        assertThat(list.path("items").get(0).path("kind").asText()).isEqualTo("Sandbox");
        assertThat(list.path("items").get(0).path("spec").path("image").asText())
                .isEqualTo("busybox");

        // Status through the fabric8 client, as the operator writes it; kubectl shows it in the printer columns.
        Sandbox current =
                client.resources(Sandbox.class).inNamespace(NS).withName("demo").get();
        current.setStatus(new SandboxStatus());
        current.getStatus().setPhase(SandboxPhase.Running);
        current.getStatus().setNodeName("node-1");
        client.resource(current).patchStatus();
        List<String> afterStatus = kubectl("get", "sbx").ok().lines().toList();
        assertThat(cell(afterStatus, "demo", "PHASE")).isEqualTo("Running");
        assertThat(cell(afterStatus, "demo", "NODE")).isEqualTo("node-1");

        // Second apply: an update through a JSON merge patch; the dropped command must be removed, not kept.
        Files.writeString(manifest, sandboxYaml("busybox:1.36"));
        assertThat(kubectl("apply", "-f", manifest.toString()).ok()).contains("sandbox.sandbox.dev/demo configured");
        Sandbox updated =
                client.resources(Sandbox.class).inNamespace(NS).withName("demo").get();
        assertThat(updated.getSpec().getImage()).isEqualTo("busybox:1.36");
        assertThat(updated.getSpec().getCommand()).isNullOrEmpty();
        assertThat(updated.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(updated.getStatus().getPhase())
                .as("status survives a spec update")
                .isEqualTo(SandboxPhase.Running);
        assertThat(cell(kubectl("get", "sbx", "demo").ok().lines().toList(), "demo", "IMAGE"))
                .isEqualTo("busybox:1.36");

        // kubectl patch: merge and JSON patches, and a merge patch of the status subresource.
        kubectl("patch", "sbx", "demo", "--type=merge", "-p", "{\"spec\":{\"image\":\"alpine\"}}")
                .ok();
        kubectl(
                        "patch",
                        "sbx",
                        "demo",
                        "--type=json",
                        "-p",
                        "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"team\":\"a\"}}]")
                .ok();
        kubectl(
                        "patch",
                        "sbx",
                        "demo",
                        "--subresource=status",
                        "--type=merge",
                        "-p",
                        "{\"status\":{\"message\":\"patched by kubectl\"}}")
                .ok();
        Sandbox patched =
                client.resources(Sandbox.class).inNamespace(NS).withName("demo").get();
        assertThat(patched.getSpec().getImage()).isEqualTo("alpine");
        assertThat(patched.getMetadata().getLabels()).containsEntry("team", "a");
        assertThat(patched.getStatus().getMessage()).isEqualTo("patched by kubectl");
        assertThat(patched.getStatus().getPhase()).isEqualTo(SandboxPhase.Running);
        assertThat(kubectl("get", "sbx", "-l", "team=a").ok()).contains("demo");

        // Like the real server, a strategic merge patch (kubectl patch's default) is refused for custom resources.
        assertThat(kubectl("patch", "sbx", "demo", "-p", "{\"spec\":{\"image\":\"x\"}}")
                        .failed())
                .contains("application/merge-patch+json");

        assertThat(kubectl("delete", "sbx", "demo").ok()).contains("sandbox.sandbox.dev \"demo\" deleted");
        assertThat(client.resources(Sandbox.class)
                        .inNamespace(NS)
                        .withName("demo")
                        .get())
                .isNull();
        assertThat(kubectl("get", "sbx", "demo").failed()).contains("sandboxes.sandbox.dev \"demo\" not found");
        Result empty = kubectl("get", "sbx");
        assertThat(empty.ok() + empty.err()).contains("No resources found");
    }

    @Test
    void kubectlDiscoversTheCustomAndBuiltInTypes() throws Exception {
        requireKubectl();
        String resources = kubectl("api-resources").ok();
        assertThat(resources
                        .lines()
                        .filter(l -> l.startsWith("sandboxes "))
                        .findFirst()
                        .orElseThrow())
                .contains("sbx", "sandbox.dev/v1alpha1", "true", "Sandbox");
        assertThat(resources
                        .lines()
                        .filter(l -> l.startsWith("networkvolumes "))
                        .findFirst()
                        .orElseThrow())
                .contains("nvol", "sandbox.dev/v1alpha1", "true", "NetworkVolume");
        assertThat(resources).contains("namespaces", "events", "customresourcedefinitions");
        assertThat(kubectl("api-versions").ok())
                .contains("sandbox.dev/v1alpha1", "apiextensions.k8s.io/v1", "events.k8s.io/v1", "v1");
        assertThat(kubectl("get", "namespaces").ok()).contains("default");
        assertThat(kubectl("get", "crd").ok()).contains("sandboxes.sandbox.dev", "networkvolumes.sandbox.dev");

        NetworkVolume volume = new NetworkVolume();
        volume.setMetadata(
                new ObjectMetaBuilder().withName("data").withNamespace(NS).build());
        volume.setSpec(new NetworkVolumeSpec());
        volume.getSpec().setSize("1Gi");
        volume.getSpec().setClassName("local");
        client.resource(volume).create();
        List<String> table = kubectl("get", "nvol").ok().lines().toList();
        assertThat(header(table)).contains("NAME", "CLASS", "SIZE", "PHASE", "AGE");
        assertThat(cell(table, "data", "SIZE")).isEqualTo("1Gi");
        assertThat(cell(table, "data", "CLASS")).isEqualTo("local");
        // Cluster-scoped classes are discovered and listed without a namespace.
        assertThat(kubectl("api-resources").ok()).contains("networkvolumeclasses", "nvclass");
        dev.sandbox.crd.NetworkVolumeClass cls = new dev.sandbox.crd.NetworkVolumeClass();
        cls.setMetadata(new ObjectMetaBuilder().withName("fast").build());
        cls.setSpec(new dev.sandbox.crd.NetworkVolumeClassSpec());
        cls.getSpec().setMaxSize("2g");
        client.resource(cls).create();
        List<String> classes = kubectl("get", "nvclass").ok().lines().toList();
        assertThat(header(classes)).contains("NAME", "TYPE", "MAX-SIZE", "AGE");
        assertThat(cell(classes, "fast", "MAX-SIZE")).isEqualTo("2g");
    }

    @Test
    void kubectlAppliesBuiltInObjectsWithoutLists() throws Exception {
        requireKubectl();
        Path manifest = tmp.resolve("configmap.yaml");
        Files.writeString(manifest, configMapYaml("1"));
        assertThat(kubectl("apply", "-f", manifest.toString()).ok()).contains("configmap/settings created");
        Files.writeString(manifest, configMapYaml("2"));
        assertThat(kubectl("apply", "-f", manifest.toString()).ok()).contains("configmap/settings configured");
        assertThat(client.configMaps()
                        .inNamespace(NS)
                        .withName("settings")
                        .get()
                        .getData())
                .containsEntry("a", "2");
        assertThat(kubectl("delete", "-f", manifest.toString()).ok()).contains("deleted");
        assertThat(client.configMaps().inNamespace(NS).withName("settings").get())
                .isNull();
    }

    @Test
    void fabric8ClientCreatesGetsListsAndWatchesSandboxes() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (Watch watch = client.resources(Sandbox.class).inNamespace(NS).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Sandbox resource) {
                events.add(action + " " + resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
                // Closed by the test.
            }
        })) {
            client.resource(sandbox("one", "busybox")).create();
            client.resource(sandbox("two", "alpine")).create();
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED one");
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED two");

            assertThat(client.resources(Sandbox.class)
                            .inNamespace(NS)
                            .withName("two")
                            .get()
                            .getSpec()
                            .getImage())
                    .isEqualTo("alpine");
            assertThat(client.resources(Sandbox.class).inNamespace(NS).list().getItems())
                    .extracting(s -> s.getMetadata().getName())
                    .containsExactlyInAnyOrder("one", "two");

            client.resources(Sandbox.class).inNamespace(NS).withName("one").edit(s -> {
                s.getSpec().setImage("busybox:1.36");
                return s;
            });
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("MODIFIED one");

            client.resources(Sandbox.class).inNamespace(NS).withName("two").delete();
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("DELETED two");
        }
    }

    @Test
    void statusSubresourceIsHonoured() {
        Sandbox created = client.resource(sandbox("s1", "busybox")).create();
        assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);

        assertThat(created.getStatus()).isNull();

        // patchStatus: JSON merge patch of /status.
        created.setStatus(new SandboxStatus());
        created.getStatus().setPhase(SandboxPhase.Creating);
        created.getStatus().setNodeName("node-1");
        Sandbox afterPatch = client.resource(created).patchStatus();
        assertThat(afterPatch.getStatus().getPhase()).isEqualTo(SandboxPhase.Creating);
        assertThat(afterPatch.getMetadata().getGeneration())
                .as("status writes do not bump generation")
                .isEqualTo(1L);

        // editStatus: JSON patch of /status.
        Sandbox afterEdit = client.resources(Sandbox.class)
                .inNamespace(NS)
                .withName("s1")
                .editStatus(s -> {
                    s.getStatus().setPhase(SandboxPhase.Running);
                    s.getStatus().setRestartCount(2);
                    return s;
                });
        assertThat(afterEdit.getStatus().getPhase()).isEqualTo(SandboxPhase.Running);
        Sandbox stored =
                client.resources(Sandbox.class).inNamespace(NS).withName("s1").get();
        assertThat(stored.getStatus().getPhase()).isEqualTo(SandboxPhase.Running);
        assertThat(stored.getStatus().getNodeName()).isEqualTo("node-1");
        assertThat(stored.getStatus().getRestartCount()).isEqualTo(2);

        // Writes to the main resource ignore status, as with a real status subresource.
        stored.getSpec().setImage("alpine");
        stored.getStatus().setPhase(SandboxPhase.Failed);
        Sandbox afterUpdate = client.resource(stored).update();
        assertThat(afterUpdate.getSpec().getImage()).isEqualTo("alpine");
        assertThat(afterUpdate.getStatus().getPhase()).isEqualTo(SandboxPhase.Running);
        assertThat(afterUpdate.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void mergePatchFollowsRfc7386() {
        Sandbox withCommand = sandbox("m1", "busybox");
        withCommand.getSpec().setCommand(new ArrayList<>(List.of("sleep", "1")));
        withCommand.getMetadata().setLabels(Map.of("a", "1", "b", "2"));
        client.resource(withCommand).create();

        client.resources(Sandbox.class)
                .inNamespace(NS)
                .withName("m1")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"labels\":{\"a\":null}},\"spec\":{\"command\":[\"true\"]}}");
        Sandbox patched =
                client.resources(Sandbox.class).inNamespace(NS).withName("m1").get();
        assertThat(patched.getMetadata().getLabels()).containsOnly(Map.entry("b", "2"));
        assertThat(patched.getSpec().getCommand()).containsExactly("true");
        // The mock would store "status": null here (it copies the missing status over); a real server stores nothing.
        assertThat(client.genericKubernetesResources("sandbox.dev/v1alpha1", "Sandbox")
                        .inNamespace(NS)
                        .withName("m1")
                        .get()
                        .getAdditionalProperties())
                .containsKey("spec")
                .doesNotContainKey("status");
    }

    private static Sandbox sandbox(String name, String image) {
        Sandbox sandbox = new Sandbox();
        sandbox.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        sandbox.setSpec(new SandboxSpec());
        sandbox.getSpec().setImage(image);
        return sandbox;
    }

    private static String sandboxYaml(String image, String... command) {
        StringBuilder yaml = new StringBuilder(String.join(
                "\n",
                "apiVersion: sandbox.dev/v1alpha1",
                "kind: Sandbox",
                "metadata:",
                "  name: demo",
                "spec:",
                "  image: " + image,
                ""));
        if (command.length > 0) {
            yaml.append("  command: [")
                    .append(String.join(
                            ", ",
                            Arrays.stream(command).map(c -> "\"" + c + "\"").toList()))
                    .append("]\n");
        }
        return yaml.toString();
    }

    private static String configMapYaml(String value) {
        return String.join(
                "\n",
                "apiVersion: v1",
                "kind: ConfigMap",
                "metadata:",
                "  name: settings",
                "data:",
                "  a: \"" + value + "\"",
                "");
    }

    // ---- kubectl ----

    /** The kubectl on PATH (or the usual /usr/bin one), or null. */
    private static String kubectlBinary() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                File candidate = new File(dir, "kubectl");
                if (candidate.canExecute()) {
                    return candidate.getAbsolutePath();
                }
            }
        }
        return new File("/usr/bin/kubectl").canExecute() ? "/usr/bin/kubectl" : null;
    }

    /** Fails, as the project's other kubectl tests do, where kubectl is missing (bin/sandbox warns about it). */
    private static void requireKubectl() {
        assertThat(kubectlBinary()).as("kubectl on PATH").isNotNull();
    }

    /** Runs kubectl against the embedded server, with its own HOME so no discovery cache or config leaks in. */
    private Result kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(kubectlBinary());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "kubectl", ".out");
        Path err = Files.createTempFile(tmp, "kubectl", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("HOME", tmp.toString());
        builder.environment().put("KUBECACHEDIR", tmp.resolve("kube-cache").toString());
        Process process = builder.start();
        if (!process.waitFor(KUBECTL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl " + String.join(" ", args) + " timed out");
        }
        return new Result(
                String.join(" ", args),
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The header line of kubectl's table output, split into column names. */
    private static List<String> header(List<String> table) {
        assertThat(table).isNotEmpty();
        return Arrays.asList(table.get(0).trim().split("\\s+"));
    }

    private static String row(List<String> table, String name) {
        return table.stream()
                .filter(l -> l.startsWith(name + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + name + " in\n" + String.join("\n", table)));
    }

    /** The cell under {@code column} in the row of {@code name}; kubectl aligns cells with their headers. */
    private static String cell(List<String> table, String name, String column) {
        String headerLine = table.get(0);
        int start = headerLine.indexOf(column);
        assertThat(start).as("column %s in %s", column, headerLine).isNotNegative();
        int end = Integer.MAX_VALUE;
        for (int i = start + column.length(); i < headerLine.length(); i++) {
            if (headerLine.charAt(i) != ' ' && headerLine.charAt(i - 1) == ' ') {
                end = i;
                break;
            }
        }
        String line = row(table, name);
        return line.substring(Math.min(start, line.length()), Math.min(end, line.length()))
                .trim();
    }

    /** Outcome of one kubectl run. */
    private record Result(String args, int exitCode, String out, String err) {

        /** Stdout, after asserting success. */
        String ok() {
            assertThat(exitCode).as("kubectl %s failed:\n%s%s", args, out, err).isZero();
            return out;
        }

        /** Stderr, after asserting failure. */
        String failed() {
            assertThat(exitCode)
                    .as("kubectl %s should have failed:\n%s", args, out)
                    .isNotZero();
            return err;
        }
    }
}
