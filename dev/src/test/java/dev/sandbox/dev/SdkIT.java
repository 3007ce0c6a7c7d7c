package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sandbox.client.BlockingSandboxClient;
import dev.sandbox.client.CreateSandboxRequest;
import dev.sandbox.client.ExecResult;
import dev.sandbox.client.ResourceConfig;
import dev.sandbox.client.SandboxAuthenticationException;
import dev.sandbox.client.SandboxClient;
import dev.sandbox.client.SandboxInfo;
import dev.sandbox.client.SandboxNotFoundException;
import dev.sandbox.client.SandboxValidationException;
import dev.sandbox.operator.model.SandboxNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java SDK against the real system. */
class SdkIT {
  @TempDir static Path home;
  static DevStack stack;

  @BeforeAll
  static void start() {
    stack = DevStack.start(DevSettings.forTests(home, "sdk-" + UUID.randomUUID().toString().substring(0, 6)));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void createExecListAndDelete() throws Exception {
    try (SandboxClient client = SandboxClient.builder().baseUrl(stack.gatewayUrl()).apiKey(stack.apiKey()).build()) {
      BlockingSandboxClient sandboxes = client.blocking();
      SandboxInfo info = sandboxes.createSandbox(CreateSandboxRequest.builder()
          .image("sandbox-busybox:local")
          .command("sleep 600")
          .environment("NAME", "sdk")
          .resources(ResourceConfig.of(0.5, "128m"))
          .build(), true);
      assertThat(info.phase()).isEqualTo("Running");
      assertThat(info.running()).isTrue();
      assertThat(info.command()).containsExactly("/bin/sh", "-c", "sleep 600");

      ExecResult hello = sandboxes.executeCommand(info.id(), "echo hello $NAME; echo warn >&2; exit 3");
      assertThat(hello.stdout()).isEqualTo("hello sdk\n");
      assertThat(hello.stderr()).isEqualTo("warn\n");
      assertThat(hello.exitCode()).isEqualTo(3);

      ExecResult listed = client.executeCommand(info.id(), List.of("ls", "/"), Duration.ofSeconds(5)).get();
      assertThat(listed.succeeded()).isTrue();
      assertThat(listed.stdout()).contains("workspace");

      assertThat(sandboxes.listSandboxes("running")).extracting(SandboxInfo::id).contains(info.id());
      assertThat(sandboxes.getSandbox(info.id()).containerId()).isEqualTo(info.containerId());

      String uid = stack.kubernetesClient().resources(dev.sandbox.crd.Sandbox.class).inNamespace(DevStack.NAMESPACE)
          .withName(info.id()).get().getMetadata().getUid();
      sandboxes.deleteSandbox(info.id());
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThatThrownBy(() -> sandboxes.getSandbox(info.id())).isInstanceOf(SandboxNotFoundException.class));
      assertThat(DockerCli.exists("container", SandboxNames.container(uid))).isFalse();
      assertThat(DockerCli.exists("volume", SandboxNames.workspaceVolume(uid))).isFalse();
    }
  }

  @Test
  void errorsArriveAsTypedExceptions() {
    try (SandboxClient client = SandboxClient.builder().baseUrl(stack.gatewayUrl()).apiKey(stack.apiKey()).build()) {
      assertThatThrownBy(() -> client.blocking().getSandbox("sbx-nothere123")).isInstanceOf(SandboxNotFoundException.class);
      assertThatThrownBy(() -> client.blocking().createSandbox(CreateSandboxRequest.builder()
          .image("sandbox-busybox:local").resources(ResourceConfig.of(1.0, "abc")).build()))
          .isInstanceOfSatisfying(SandboxValidationException.class, e -> assertThat(e.field()).isEqualTo("resources.memory"));
    }
    try (SandboxClient stranger = SandboxClient.builder().baseUrl(stack.gatewayUrl()).apiKey("sbx_" + "Z".repeat(40)).build()) {
      assertThatThrownBy(() -> stranger.blocking().listSandboxes()).isInstanceOf(SandboxAuthenticationException.class);
    }
  }
}
