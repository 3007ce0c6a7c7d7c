package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.operator.model.SandboxNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Applying the example custom resource with the real kubectl makes a running container; deleting it removes it. */
class KubectlIT {
    @TempDir
    static Path home;

    static DevStack stack;

    @BeforeAll
    static void start() {
        stack = DevStack.start(DevSettings.forTests(
                home, "kubectl-" + UUID.randomUUID().toString().substring(0, 6)));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static DockerCli.Result kubectl(String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "kubectl";
        command[1] = "--kubeconfig";
        command[2] = stack.kubeconfig().toString();
        System.arraycopy(args, 0, command, 3, args.length);
        return DockerCli.run(command);
    }

    @Test
    void applyGetAndDeleteTheExampleSandbox() throws Exception {
        Path example =
                Path.of("..", "examples", "sandbox.yaml").toAbsolutePath().normalize();
        assertThat(Files.readString(example)).contains("kind: Sandbox");
        DockerCli.Result applied = kubectl("apply", "-f", example.toString());
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        assertThat(applied.output()).contains("hello-sandbox");

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Sandbox s = stack.kubernetesClient()
                    .resources(Sandbox.class)
                    .inNamespace(DevStack.NAMESPACE)
                    .withName("hello-sandbox")
                    .get();
            return s != null && s.getStatus() != null && s.getStatus().getPhase() == SandboxPhase.Running;
        });
        String uid = stack.kubernetesClient()
                .resources(Sandbox.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName("hello-sandbox")
                .get()
                .getMetadata()
                .getUid();
        assertThat(DockerCli.inspect("container", "inspect", SandboxNames.container(uid))
                        .get("State")
                        .get("Running")
                        .asBoolean())
                .isTrue();

        DockerCli.Result get = kubectl("get", "sbx");
        assertThat(get.exitCode()).as(get.output()).isZero();
        assertThat(get.output()).contains("hello-sandbox").contains("Running").contains("PHASE");

        DockerCli.Result deleted = kubectl("delete", "sbx", "hello-sandbox", "--wait=false");
        assertThat(deleted.exitCode()).as(deleted.output()).isZero();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> stack.kubernetesClient()
                                .resources(Sandbox.class)
                                .inNamespace(DevStack.NAMESPACE)
                                .withName("hello-sandbox")
                                .get()
                        == null);
        assertThat(DockerCli.exists("container", SandboxNames.container(uid))).isFalse();
        assertThat(DockerCli.exists("volume", SandboxNames.workspaceVolume(uid)))
                .isFalse();
    }

    @Test
    void volumeClassesAndAVolumeFromTheExamplesAndASmuggledHostBindRefused() throws Exception {
        Path classes = Path.of("..", "examples", "network-volume-class.yaml")
                .toAbsolutePath()
                .normalize();
        Path volume = Path.of("..", "examples", "network-volume.yaml")
                .toAbsolutePath()
                .normalize();
        DockerCli.Result applied =
                kubectl("apply", "--validate=false", "-f", classes.toString(), "-f", volume.toString());
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        await().atMost(Duration.ofSeconds(45)).until(() -> {
            Sandbox s = stack.kubernetesClient()
                    .resources(Sandbox.class)
                    .inNamespace(DevStack.NAMESPACE)
                    .withName("scratch-user")
                    .get();
            return s != null && s.getStatus() != null && s.getStatus().getPhase() == SandboxPhase.Running;
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            DockerCli.Result nvclass = kubectl("get", "nvclass");
            assertThat(nvclass.output())
                    .contains("scratch")
                    .contains("team-nfs")
                    .contains("local")
                    .contains("Ready")
                    .contains("MAX-SIZE");
            DockerCli.Result nvol = kubectl("get", "nvol", "scratch-data");
            assertThat(nvol.output()).contains("scratch").contains("Ready");
        });

        // What a hostile tenant with kubectl would write: engine options on the volume, past the gateway.
        Path smuggled = home.resolve("smuggled.yaml");
        Files.writeString(smuggled, """
        apiVersion: sandbox.dev/v1alpha1
        kind: NetworkVolume
        metadata:
          name: host-etc
        spec:
          driverOptions: {type: none, o: bind, device: /etc}
        """);
        assertThat(kubectl("apply", "--validate=false", "-f", smuggled.toString())
                        .exitCode())
                .isZero();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                kubectl("get", "nvol", "host-etc", "-o", "jsonpath={.status.phase} {.status.message}")
                                        .output())
                        .startsWith("Failed")
                        .contains("spec.driverOptions"));
        assertThat(DockerCli.run(
                                "docker", "volume", "ls", "-q", "--filter", "label=sandbox.dev/network-volume=host-etc")
                        .output())
                .isBlank();

        assertThat(kubectl("delete", "-f", volume.toString(), "--wait=false").exitCode())
                .isZero();
        assertThat(kubectl("delete", "nvol", "host-etc", "--wait=false").exitCode())
                .isZero();
        assertThat(kubectl("delete", "-f", classes.toString(), "--wait=false").exitCode())
                .isZero();
        await().atMost(Duration.ofSeconds(45))
                .until(() -> stack.kubernetesClient()
                                        .resources(dev.sandbox.crd.NetworkVolumeClass.class)
                                        .withName("scratch")
                                        .get()
                                == null
                        && stack.kubernetesClient()
                                        .resources(Sandbox.class)
                                        .inNamespace(DevStack.NAMESPACE)
                                        .withName("scratch-user")
                                        .get()
                                == null);
    }
}
