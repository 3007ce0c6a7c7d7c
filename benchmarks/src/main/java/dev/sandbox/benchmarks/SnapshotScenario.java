package dev.sandbox.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.client.SnapshotInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Snapshot and fork of a sandbox with a 100 MB workspace: REST and SDK against what the same work takes by hand with
 * the docker CLI ({@code docker commit} plus a copy of the volume's directory, and {@code docker run -d} of the result).
 */
final class SnapshotScenario {
    static final String ID = "snapshot";
    static final String REST_SNAPSHOT = "REST POST /v1/sandboxes/{id}/snapshots?wait=true";
    static final String SDK_SNAPSHOT = "SDK createSnapshot";
    static final String REST_FORK = "REST POST /v1/sandboxes/{id}/fork?wait=true (until the fork runs)";
    static final String CLI_SNAPSHOT = "docker pause + commit + cp -a of the volume + unpause";
    static final String CLI_FORK = "docker pause + commit + cp -a + unpause + docker run -d";
    /** The workspace of the full run; the smoke run uses 10 MB. */
    static final int WORKSPACE_MB = 100;

    private SnapshotScenario() {}

    static ScenarioResult run(BenchContext ctx) {
        BenchmarkSettings s = ctx.settings();
        JsonNode created = ctx.rest()
                .post(
                        "/v1/sandboxes?wait=true&waitTimeoutSeconds=170",
                        Map.of("image", s.image(), "command", "sleep 2147483647"),
                        201);
        String id = created.path("id").asText();
        dev.sandbox.operator.runtime.ContainerSpec raw = ctx.raw().nextSpec();
        String rawId = ctx.raw().createAndStart(raw);
        String tag = "bench-snapshot-" + UUID.randomUUID().toString().substring(0, 8);
        boolean full = "full".equals(s.mode());
        int megabytes = full ? WORKSPACE_MB : 10;
        try {
            ctx.rest()
                    .exec(
                            id,
                            List.of(
                                    "/bin/sh",
                                    "-c",
                                    "dd if=/dev/urandom of=/workspace/data.bin bs=1048576 count=" + megabytes
                                            + " 2>/dev/null"));
            // The baselines work on a container of their own: the operator would resume its sandbox's container the
            // moment
            // something else paused it (it should run), so the hand-made steps cannot use that one.
            ctx.stack()
                    .runtime()
                    .prepareWorkspace(
                            rawId, raw.workspaceVolume(), ctx.stack().runtime().imageUser(s.image()));
            ctx.raw()
                    .exec(
                            rawId,
                            List.of(
                                    "/bin/sh",
                                    "-c",
                                    "dd if=/dev/urandom of=/workspace/data.bin bs=1048576 count=" + megabytes
                                            + " 2>/dev/null"));
            String workspace = DockerCli.run(List.of(
                            "docker",
                            "inspect",
                            "-f",
                            "{{range .Mounts}}{{if eq .Destination \"/workspace\"}}{{.Source}}{{end}}{{end}}",
                            rawId))
                    .stdout()
                    .trim();
            List<Measurement> rows = new Alternation(ID)
                    .variant(REST_SNAPSHOT, Side.OURS, "ms", samples -> {
                        long t0 = System.nanoTime();
                        JsonNode snapshot = ctx.rest()
                                .post(
                                        "/v1/sandboxes/" + id + "/snapshots?wait=true&waitTimeoutSeconds=170",
                                        Map.of(),
                                        201);
                        double ms = Alternation.millisSince(t0);
                        expectReady(snapshot);
                        samples.add(REST_SNAPSHOT, ms);
                        ctx.rest().delete("/v1/snapshots/" + snapshot.path("id").asText(), 204);
                    })
                    .variant(SDK_SNAPSHOT, Side.OURS, "ms", samples -> {
                        long t0 = System.nanoTime();
                        SnapshotInfo snapshot = ctx.sdk().createSnapshot(id, null);
                        double ms = Alternation.millisSince(t0);
                        if (!snapshot.ready()) {
                            throw new IllegalStateException("snapshot " + snapshot.id() + " is " + snapshot.phase()
                                    + ": " + snapshot.message());
                        }
                        samples.add(SDK_SNAPSHOT, ms);
                        ctx.sdk().deleteSnapshot(snapshot.id());
                    })
                    .variant(REST_FORK, Side.OURS, "ms", samples -> {
                        long t0 = System.nanoTime();
                        JsonNode fork = ctx.rest()
                                .post("/v1/sandboxes/" + id + "/fork?wait=true&waitTimeoutSeconds=170", null, 201);
                        double ms = Alternation.millisSince(t0);
                        if (!"Running".equals(fork.path("phase").asText())) {
                            throw new IllegalStateException(
                                    "fork " + fork.path("id").asText() + " is "
                                            + fork.path("phase").asText() + ": "
                                            + fork.path("message").asText());
                        }
                        samples.add(REST_FORK, ms);
                        ctx.rest().deleteAndWait(fork.path("id").asText());
                        ctx.rest()
                                .delete("/v1/snapshots/" + fork.path("snapshot").asText(), 204);
                    })
                    .variant(CLI_SNAPSHOT, Side.BASELINE, "ms", samples -> {
                        long t0 = System.nanoTime();
                        String volume = cliSnapshot(rawId, workspace, tag);
                        samples.add(CLI_SNAPSHOT, Alternation.millisSince(t0));
                        DockerCli.run(List.of("docker", "rmi", tag));
                        DockerCli.run(List.of("docker", "volume", "rm", volume));
                    })
                    .variant(CLI_FORK, Side.BASELINE, "ms", samples -> {
                        long t0 = System.nanoTime();
                        String volume = cliSnapshot(rawId, workspace, tag);
                        String fork = DockerCli.run(List.of(
                                        "docker", "run", "-d", "--read-only", "-v", volume + ":/workspace", tag))
                                .stdout()
                                .trim();
                        samples.add(CLI_FORK, Alternation.millisSince(t0));
                        DockerCli.run(List.of("docker", "rm", "-f", fork));
                        DockerCli.run(List.of("docker", "rmi", tag));
                        DockerCli.run(List.of("docker", "volume", "rm", volume));
                    })
                    .run(full ? 1 : 0, full ? 5 : 1)
                    .measurements();
            List<Measurement[]> pairs = new ArrayList<>();
            pairs.add(new Measurement[] {row(rows, REST_SNAPSHOT), row(rows, CLI_SNAPSHOT)});
            pairs.add(new Measurement[] {row(rows, SDK_SNAPSHOT), row(rows, CLI_SNAPSHOT)});
            pairs.add(new Measurement[] {row(rows, REST_FORK), row(rows, CLI_FORK)});
            return ScenarioResult.withPairs(
                    ID,
                    "Snapshot and fork of a running sandbox with a " + megabytes + " MB workspace",
                    rows,
                    pairs,
                    List.of(
                            "A snapshot freezes the container, commits its file system to an image, copies the workspace volume file by file"
                                    + " (owners, modes, times and links kept) into a volume of its own, and thaws the container; the fork then"
                                    + " starts a new sandbox from it whose workspace is a second copy. Page cache is warm: the workspace was just"
                                    + " written.",
                            "The baselines do the same steps by hand: docker pause, docker commit, cp -a of the volume's directory into a new"
                                    + " volume, docker unpause (and docker run -d of the committed image with that volume for the fork, without the"
                                    + " second copy)."));
        } finally {
            ctx.rest().deleteAndWait(id);
            ctx.raw().remove(raw);
        }
    }

    /** The hand-made snapshot: returns the new volume's name. */
    private static String cliSnapshot(String containerId, String workspace, String tag) {
        String volume = "bench-snapshot-" + UUID.randomUUID().toString().substring(0, 8);
        DockerCli.run(List.of("docker", "pause", containerId));
        try {
            DockerCli.run(List.of("docker", "commit", "--pause=false", containerId, tag));
            String target = DockerCli.run(List.of("docker", "volume", "create", volume))
                    .stdout()
                    .trim();
            String dir = DockerCli.run(List.of("docker", "volume", "inspect", "-f", "{{.Mountpoint}}", target))
                    .stdout()
                    .trim();
            DockerCli.run(List.of("cp", "-a", workspace + "/.", dir + "/"));
        } finally {
            DockerCli.run(List.of("docker", "unpause", containerId));
        }
        return volume;
    }

    private static Measurement row(List<Measurement> rows, String variant) {
        return rows.stream()
                .filter(m -> m.variant().equals(variant))
                .findFirst()
                .orElseThrow();
    }

    private static void expectReady(JsonNode snapshot) {
        if (!"Ready".equals(snapshot.path("phase").asText())) {
            throw new IllegalStateException("snapshot " + snapshot.path("id").asText() + " is "
                    + snapshot.path("phase").asText() + ": "
                    + snapshot.path("message").asText());
        }
    }
}
