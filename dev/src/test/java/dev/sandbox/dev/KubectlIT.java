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
  @TempDir static Path home;
  static DevStack stack;

  @BeforeAll
  static void start() {
    stack = DevStack.start(DevSettings.forTests(home, "kubectl-" + UUID.randomUUID().toString().substring(0, 6)));
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
    Path example = Path.of("..", "examples", "sandbox.yaml").toAbsolutePath().normalize();
    assertThat(Files.readString(example)).contains("kind: Sandbox");
    DockerCli.Result applied = kubectl("apply", "-f", example.toString());
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    assertThat(applied.output()).contains("hello-sandbox");

    await().atMost(Duration.ofSeconds(30)).until(() -> {
      Sandbox s = stack.kubernetesClient().resources(Sandbox.class).inNamespace(DevStack.NAMESPACE).withName("hello-sandbox").get();
      return s != null && s.getStatus() != null && s.getStatus().getPhase() == SandboxPhase.Running;
    });
    String uid = stack.kubernetesClient().resources(Sandbox.class).inNamespace(DevStack.NAMESPACE).withName("hello-sandbox").get().getMetadata().getUid();
    assertThat(DockerCli.inspect("container", "inspect", SandboxNames.container(uid)).get("State").get("Running").asBoolean()).isTrue();

    DockerCli.Result get = kubectl("get", "sbx");
    assertThat(get.exitCode()).as(get.output()).isZero();
    assertThat(get.output()).contains("hello-sandbox").contains("Running").contains("PHASE");

    DockerCli.Result deleted = kubectl("delete", "sbx", "hello-sandbox", "--wait=false");
    assertThat(deleted.exitCode()).as(deleted.output()).isZero();
    await().atMost(Duration.ofSeconds(30)).until(() ->
        stack.kubernetesClient().resources(Sandbox.class).inNamespace(DevStack.NAMESPACE).withName("hello-sandbox").get() == null);
    assertThat(DockerCli.exists("container", SandboxNames.container(uid))).isFalse();
    assertThat(DockerCli.exists("volume", SandboxNames.workspaceVolume(uid))).isFalse();
  }
}
