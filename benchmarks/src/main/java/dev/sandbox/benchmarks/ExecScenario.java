package dev.sandbox.benchmarks;

import dev.sandbox.client.ExecResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Round trip of a trivial command in a running sandbox: REST and SDK against docker-java exec and {@code docker exec}. */
final class ExecScenario {
  static final String ID = "exec";
  static final String REST = "REST POST /v1/sandboxes/{id}/exec";
  static final String SDK = "SDK executeCommand";
  static final String DOCKER_JAVA = "docker-java exec (create+start+inspect)";
  static final String DOCKER_EXEC = "docker exec";
  static final List<String> COMMAND = List.of("echo", "ok");

  private ExecScenario() {}

  static ScenarioResult run(BenchContext ctx) {
    BenchmarkSettings s = ctx.settings();
    GatewayApi.SandboxRef sandbox = ctx.rest().createAndWait(s.image());
    try {
      List<String> cli = new ArrayList<>(List.of("docker", "exec", sandbox.containerId()));
      cli.addAll(COMMAND);
      List<Measurement> rows = new Alternation(ID)
          .variant(REST, Side.OURS, "ms", samples -> {
            long t0 = System.nanoTime();
            ctx.rest().exec(sandbox.id(), COMMAND);
            samples.add(REST, Alternation.millisSince(t0));
          })
          .variant(SDK, Side.OURS, "ms", samples -> {
            long t0 = System.nanoTime();
            ExecResult r = ctx.sdk().executeCommand(sandbox.id(), COMMAND, Duration.ofSeconds(60));
            double ms = Alternation.millisSince(t0);
            if (r.exitCode() != 0) {
              throw new IllegalStateException("SDK exec exited with " + r.exitCode() + ": " + r.stderr());
            }
            samples.add(SDK, ms);
          })
          .variant(DOCKER_JAVA, Side.BASELINE, "ms", samples -> {
            long t0 = System.nanoTime();
            ctx.raw().exec(sandbox.containerId(), COMMAND);
            samples.add(DOCKER_JAVA, Alternation.millisSince(t0));
          })
          .variant(DOCKER_EXEC, Side.BASELINE, "ms", samples -> {
            long t0 = System.nanoTime();
            DockerCli.run(cli);
            samples.add(DOCKER_EXEC, Alternation.millisSince(t0));
          })
          .run(s.execWarmup(), s.execIterations())
          .measurements();
      return ScenarioResult.of(ID, "Exec round trip of `echo ok` in a running sandbox", rows, List.of(
          "All four run in the same container, alternately.",
          "docker-java is the operator's DockerContainerRuntime.exec, the call the gateway makes underneath: exec create,"
              + " attached start until the output ends, exec inspect for the exit code."));
    } finally {
      ctx.rest().deleteAndWait(sandbox.id());
    }
  }
}
