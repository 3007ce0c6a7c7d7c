package dev.sandbox.benchmarks;

import dev.sandbox.client.CommandStream;
import dev.sandbox.client.ExecOptions;
import dev.sandbox.client.OutputLine;
import dev.sandbox.client.StreamType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * Output streaming: the delay from a line being printed inside the sandbox to the client receiving it. The command
 * prints timestamped lines a little apart, so each line travels on its own.
 */
final class StreamingScenario {
    static final String ID = "streaming";
    static final String REST = "REST POST /v1/sandboxes/{id}/exec/stream (SSE)";
    static final String SDK = "SDK streaming exec";
    static final String DOCKER_JAVA = "docker-java exec, attached stream";
    static final String DOCKER_EXEC = "docker exec, stdout pipe";

    private StreamingScenario() {}

    static ScenarioResult run(BenchContext ctx) {
        BenchmarkSettings s = ctx.settings();
        List<String> command = TimestampedLines.command(s.streamLines(), s.streamIntervalMs());
        GatewayApi.SandboxRef sandbox = ctx.rest().createAndWait(s.image());
        try {
            boolean served = ctx.rest().serves("POST", "/v1/sandboxes/" + sandbox.id() + "/exec/stream", "{}");
            Alternation alternation = new Alternation(ID);
            if (served) {
                alternation.variant(
                        REST,
                        Side.OURS,
                        "ms",
                        samples -> collect(
                                REST,
                                samples,
                                s.streamLines(),
                                onLine -> ctx.rest().streamExec(sandbox.id(), command, onLine)));
            }
            alternation.variant(
                    SDK,
                    Side.OURS,
                    "ms",
                    samples -> collect(SDK, samples, s.streamLines(), onLine -> {
                        try (CommandStream output = ctx.sdk()
                                .streamCommand(
                                        sandbox.id(),
                                        command,
                                        ExecOptions.defaults().withTimeout(Duration.ofSeconds(60)))) {
                            for (OutputLine line : output) {
                                if (line.stream() == StreamType.STDOUT) {
                                    onLine.accept(line.text());
                                }
                            }
                            int exit = output.exit().join().exitCode();
                            if (exit != 0) {
                                throw new IllegalStateException("SDK streamed command exited with " + exit);
                            }
                        }
                    }));
            List<String> cli = new ArrayList<>(List.of("docker", "exec", sandbox.containerId()));
            cli.addAll(command);
            alternation
                    .variant(
                            DOCKER_JAVA,
                            Side.BASELINE,
                            "ms",
                            samples -> collect(
                                    DOCKER_JAVA,
                                    samples,
                                    s.streamLines(),
                                    onLine -> ctx.raw().streamExec(sandbox.containerId(), command, onLine)))
                    .variant(
                            DOCKER_EXEC,
                            Side.BASELINE,
                            "ms",
                            samples -> collect(
                                    DOCKER_EXEC,
                                    samples,
                                    s.streamLines(),
                                    onLine -> DockerCli.streamLines(cli, onLine)))
                    .run(s.streamWarmup(), s.streamIterations());
            List<Measurement> rows = new ArrayList<>();
            if (!served) {
                rows.add(Measurement.notAvailable(
                        REST, Side.OURS, "ms", "the gateway has no POST /v1/sandboxes/{id}/exec/stream (404)"));
            }
            rows.addAll(alternation.measurements());
            return ScenarioResult.of(
                    ID,
                    "Streaming: line printed inside the sandbox -> line received by the client",
                    rows,
                    List.of("Each command prints " + s.streamLines() + " lines " + s.streamIntervalMs()
                            + " ms apart, each carrying the"
                            + " container's wall clock in microseconds (busybox adjtimex); a sample is receive time minus print time"
                            + " (containers share the host clock)."));
        } finally {
            ctx.rest().deleteAndWait(sandbox.id());
        }
    }

    /** Runs one streamed command and adds the delay of each timestamped line; fails when lines went missing. */
    private static void collect(
            String row, Alternation.Samples samples, int expected, Consumer<Consumer<String>> stream) {
        List<Double> delays = new ArrayList<>();
        stream.accept(line -> {
            OptionalDouble delay = TimestampedLines.delayMs(line, TimestampedLines.nowMicros());
            delay.ifPresent(delays::add);
        });
        if (delays.size() != expected) {
            throw new IllegalStateException(
                    row + ": received " + delays.size() + " of " + expected + " timestamped lines");
        }
        delays.forEach(d -> samples.add(row, d));
    }
}
