package dev.sandbox.benchmarks;

import dev.sandbox.client.ExecResult;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.dev.DevStack;
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
    static final String AGENT = "part: node agent exec called directly over HTTP (no gateway)";
    static final String HEALTHZ = "part: gateway GET /healthz (one HTTP round trip, no work)";
    static final List<String> COMMAND = List.of("echo", "ok");

    private ExecScenario() {}

    private static Measurement row(List<Measurement> rows, String variant) {
        return rows.stream()
                .filter(m -> m.variant().equals(variant))
                .findFirst()
                .orElseThrow();
    }

    static ScenarioResult run(BenchContext ctx) {
        BenchmarkSettings s = ctx.settings();
        GatewayApi.SandboxRef sandbox = ctx.rest().createAndWait(s.image());
        try {
            List<String> cli = new ArrayList<>(List.of("docker", "exec", sandbox.containerId()));
            cli.addAll(COMMAND);
            String uid = ctx.stack()
                    .kubernetesClient()
                    .resources(Sandbox.class)
                    .inNamespace(DevStack.NAMESPACE)
                    .withName(sandbox.id())
                    .get()
                    .getMetadata()
                    .getUid();
            List<Measurement> rows = new Alternation(ID)
                    .timed(REST, Side.OURS, () -> ctx.rest().exec(sandbox.id(), COMMAND))
                    .variant(SDK, Side.OURS, "ms", samples -> {
                        ExecResult r = samples.time(
                                SDK, () -> ctx.sdk().executeCommand(sandbox.id(), COMMAND, Duration.ofMinutes(1)));
                        if (r.exitCode() != 0) {
                            throw new IllegalStateException("SDK exec exited with " + r.exitCode() + ": " + r.stderr());
                        }
                    })
                    .timed(DOCKER_JAVA, Side.BASELINE, () -> ctx.raw().exec(sandbox.containerId(), COMMAND))
                    .timed(DOCKER_EXEC, Side.BASELINE, () -> DockerCli.run(cli))
                    .timed(
                            AGENT,
                            Side.OURS,
                            () -> ctx.rest()
                                    .agentExec(
                                            ctx.stack().agentUrl(), ctx.stack().agentToken(), uid, COMMAND))
                    .timed(HEALTHZ, Side.OURS, () -> ctx.rest().healthz())
                    .run(s.execWarmup(), s.execIterations())
                    .measurements();
            List<Measurement[]> pairs = new ArrayList<>();
            for (String ours : List.of(REST, SDK, AGENT)) {
                for (String base : List.of(DOCKER_JAVA, DOCKER_EXEC)) {
                    pairs.add(new Measurement[] {row(rows, ours), row(rows, base)});
                }
            }
            return ScenarioResult.withPairs(
                    ID,
                    "Exec round trip of `echo ok` in a running sandbox",
                    rows,
                    pairs,
                    List.of(
                            "All run in the same container, alternately. The two rows marked \"part\" split ours up: the node agent's"
                                    + " exec called directly (its Docker calls, JSON and one HTTP hop) and a bare HTTP round trip to the"
                                    + " gateway; REST minus the agent row is what the gateway adds (authentication, the sandbox lookup, the"
                                    + " second HTTP hop).",
                            "docker-java is the operator's DockerContainerRuntime.exec, the call the gateway makes underneath: exec create,"
                                    + " attached start until the output ends, exec inspect for the exit code."));
        } finally {
            ctx.rest().deleteAndWait(sandbox.id());
        }
    }
}
