package dev.sandbox.benchmarks;

import dev.sandbox.client.SandboxClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Writing and reading a file in the sandbox's workspace through the API against the engine's archive API (what
 * {@code docker cp} uses, called through docker-java) and the {@code docker cp} command itself.
 */
final class FilesScenario {
    static final String ID = "files";

    private FilesScenario() {}

    static String restWrite(int size) {
        return "REST PUT /volumes/workspace/file (" + sizeLabel(size) + ")";
    }

    static String restRead(int size) {
        return "REST GET /volumes/workspace/file (" + sizeLabel(size) + ")";
    }

    static List<ScenarioResult> run(BenchContext ctx) {
        BenchmarkSettings s = ctx.settings();
        GatewayApi.SandboxRef sandbox = ctx.rest().createAndWait(s.image());
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("sandbox-bench-files");
            boolean served = ctx.rest()
                    .serves(
                            "GET",
                            "/v1/sandboxes/" + sandbox.id() + "/volumes/workspace/file?path=bench-probe.bin",
                            null);
            List<ScenarioResult> results = new ArrayList<>();
            for (int size : s.fileSizes()) {
                results.add(runSize(ctx, sandbox, size, served, scratch));
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            ctx.rest().deleteAndWait(sandbox.id());
            deleteTree(scratch);
        }
    }

    private static ScenarioResult runSize(
            BenchContext ctx, GatewayApi.SandboxRef sandbox, int size, boolean served, Path scratch)
            throws IOException {
        BenchmarkSettings s = ctx.settings();
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        String label = sizeLabel(size);
        String restWrite = restWrite(size);
        String restRead = restRead(size);
        String sdkWrite = "SDK write file (" + label + ")";
        String sdkRead = "SDK read file (" + label + ")";
        String rawWrite = "docker-java copyArchiveToContainer (" + label + ")";
        String rawRead = "docker-java copyArchiveFromContainer (" + label + ")";
        String cliWrite = "docker cp file -> sandbox (" + label + ")";
        String cliRead = "docker cp sandbox -> file (" + label + ")";
        String name = "bench-" + size;
        Path local = Files.write(scratch.resolve(name + "-cli.bin"), content);
        Path back = scratch.resolve(name + "-back.bin");

        Alternation alternation = new Alternation(ID + "-" + label);
        if (served) {
            alternation.variant("REST", List.of(restWrite, restRead), Side.OURS, "ms", samples -> {
                samples.time(restWrite, () -> ctx.rest().putFile(sandbox.id(), name + "-rest.bin", content));
                check(content, samples.time(restRead, () -> ctx.rest().getFile(sandbox.id(), name + "-rest.bin")));
            });
        }
        alternation.variant("SDK", List.of(sdkWrite, sdkRead), Side.OURS, "ms", samples -> {
            samples.time(
                    sdkWrite,
                    () -> ctx.sdk().writeFile(sandbox.id(), SandboxClient.WORKSPACE, name + "-sdk.bin", content));
            check(
                    content,
                    samples.time(
                            sdkRead,
                            () -> ctx.sdk().readFile(sandbox.id(), SandboxClient.WORKSPACE, name + "-sdk.bin")));
        });
        alternation
                .variant("docker-java", List.of(rawWrite, rawRead), Side.BASELINE, "ms", samples -> {
                    samples.time(
                            rawWrite,
                            () -> ctx.raw().copyIn(sandbox.containerId(), "/workspace", name + "-raw.bin", content));
                    check(
                            content,
                            samples.time(
                                    rawRead,
                                    () -> ctx.raw().copyOut(sandbox.containerId(), "/workspace/" + name + "-raw.bin")));
                })
                .variant("docker cp", List.of(cliWrite, cliRead), Side.BASELINE, "ms", samples -> {
                    String inContainer = sandbox.containerId() + ":/workspace/" + name + "-cli.bin";
                    samples.time(cliWrite, () -> DockerCli.run(List.of("docker", "cp", local.toString(), inContainer)));
                    Files.deleteIfExists(back);
                    samples.time(cliRead, () -> DockerCli.run(List.of("docker", "cp", inContainer, back.toString())));
                    check(content, Files.readAllBytes(back));
                })
                .run(s.fileWarmup(), s.fileIterations());

        List<Measurement> rows = new ArrayList<>();
        if (!served) {
            String why = "the gateway has no /v1/sandboxes/{id}/volumes/workspace/file (404)";
            rows.add(Measurement.notAvailable(restWrite, Side.OURS, "ms", why));
            rows.add(Measurement.notAvailable(restRead, Side.OURS, "ms", why));
        }
        rows.addAll(alternation.measurements());
        List<Measurement[]> pairs = new ArrayList<>();
        for (String[] pair : new String[][] {
            {restWrite, rawWrite},
            {restWrite, cliWrite},
            {restRead, rawRead},
            {restRead, cliRead},
            {sdkWrite, rawWrite},
            {sdkRead, rawRead}
        }) {
            Measurement ours = rows.stream()
                    .filter(m -> m.variant().equals(pair[0]))
                    .findFirst()
                    .orElseThrow();
            Measurement base = rows.stream()
                    .filter(m -> m.variant().equals(pair[1]))
                    .findFirst()
                    .orElseThrow();
            pairs.add(new Measurement[] {ours, base});
        }
        return ScenarioResult.withPairs(
                ID + "-" + label.replace(" ", ""),
                "Files: write and read " + label + " in the workspace",
                rows,
                pairs,
                List.of("Each iteration writes a file and reads it back per variant, in the workspace volume of one"
                        + " running sandbox; the content read is compared with what was written."));
    }

    private static void check(byte[] expected, byte[] actual) {
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalStateException(
                    "read back " + actual.length + " bytes that differ from the " + expected.length + " written");
        }
    }

    static String sizeLabel(int bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " B";
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
