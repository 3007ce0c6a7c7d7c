package dev.sandbox.benchmarks;

import dev.sandbox.client.CreateSandboxRequest;
import dev.sandbox.client.SandboxInfo;
import java.util.List;

/** Cold create until ready to exec: REST and SDK against docker-java create+start and {@code docker run -d}. */
final class CreateScenario {
    static final String ID = "create";
    static final String REST = "REST POST /v1/sandboxes?wait=true";
    static final String SDK = "SDK createSandbox(request, wait=true)";
    static final String DOCKER_JAVA = "docker-java create+start (operator's HostConfig)";
    static final String DOCKER_RUN = "docker run -d (same settings)";

    private CreateScenario() {}

    static ScenarioResult run(BenchContext ctx) {
        BenchmarkSettings s = ctx.settings();
        String image = s.image();
        List<Measurement> rows = new Alternation(ID)
                .variant(REST, Side.OURS, "ms", samples -> {
                    GatewayApi.SandboxRef ref =
                            samples.time(REST, () -> ctx.rest().createAndWait(image));
                    ctx.rest().deleteAndWait(ref.id());
                })
                .variant(SDK, Side.OURS, "ms", samples -> {
                    SandboxInfo info = samples.time(
                            SDK,
                            () -> ctx.sdk()
                                    .createSandbox(
                                            CreateSandboxRequest.builder()
                                                    .image(image)
                                                    .build(),
                                            true));
                    ctx.rest().deleteAndWait(info.id());
                    if (!"Running".equals(info.phase())) {
                        throw new IllegalStateException(
                                "sandbox " + info.id() + " is " + info.phase() + ": " + info.message());
                    }
                })
                .variant(
                        DOCKER_JAVA, Side.BASELINE, "ms", samples -> ctx.raw().timeCreateAndStart(samples, DOCKER_JAVA))
                .variant(
                        DOCKER_RUN,
                        Side.BASELINE,
                        "ms",
                        samples -> ctx.raw()
                                .withContainer(
                                        ctx.raw().nextSpec(),
                                        spec -> samples.time(DOCKER_RUN, () -> DockerCli.run(DockerRunArgs.of(spec)))))
                .run(s.createWarmup(), s.createIterations())
                .measurements();
        return ScenarioResult.of(
                ID,
                "Cold create until Running (ready to exec), one at a time",
                rows,
                List.of(
                        "Each iteration creates and deletes one sandbox/container per variant; only the create is timed, the delete"
                                + " finishes before the next variant starts.",
                        "Ours answers when the Sandbox resource reports phase Running: gateway (auth, validation) -> Kubernetes API ->"
                                + " operator (bind, finalizer, image check, workspace volume, create, workspace ownership, start, status) ->"
                                + " watch -> answer.",
                        "docker-java: the operator's own ContainerPlanner and DockerContainerRuntime.create/start for the same image and"
                                + " defaults (same HostConfig, labels, workspace volume made by Docker on the way)."));
    }
}
