package dev.sandbox.benchmarks;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.model.ContainerPlanner;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.node.InstallationIdentity;
import dev.sandbox.operator.runtime.ContainerSpec;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.DockerContainerRuntime;
import dev.sandbox.operator.runtime.ExecResult;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The Docker engine without the control plane: the baselines. Containers are planned by the operator's own
 * {@link ContainerPlanner} for a made-up Sandbox and created through the operator's own {@link DockerContainerRuntime}
 * (a separate instance with the same client settings), so the difference to ours is exactly what the control plane
 * adds. They carry the labels of a node of their own, so the operator never sees them and {@link #sweep()} finds them.
 */
final class RawEngine implements AutoCloseable {
    private final DockerContainerRuntime runtime;
    /** For calls the runtime does not offer: attached exec streams, the archive API, version, sweeping volumes. */
    private final DockerClient docker;

    private final OperatorConfig config;
    private final String image;
    private final String uidPrefix;
    private final AtomicInteger counter = new AtomicInteger();

    RawEngine(String dockerHost, String node, String image) {
        this.runtime = new DockerContainerRuntime(dockerHost);
        DockerClientConfig clientConfig = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .build();
        this.docker = DockerClientImpl.getInstance(
                clientConfig,
                new ZerodepDockerHttpClient.Builder()
                        .dockerHost(clientConfig.getDockerHost())
                        .connectionTimeout(Duration.ofSeconds(5))
                        .maxConnections(64)
                        .build());
        this.config = OperatorConfig.defaults().withNodeName(node).withInstallation(InstallationIdentity.newId());
        this.image = image;
        // Volumes that Docker makes on the fly carry no labels: a name prefix of this run finds them again.
        this.uidPrefix = node + "-";
    }

    /** The container the operator would make for a new sandbox of the benchmark image. */
    ContainerSpec nextSpec() {
        return nextSpec(image);
    }

    /** The container the operator would make for a new sandbox of {@code image}. */
    ContainerSpec nextSpec(String image) {
        String uid = uidPrefix + counter.incrementAndGet();
        Sandbox sandbox = new Sandbox();
        sandbox.setMetadata(new ObjectMetaBuilder()
                .withNamespace("default")
                .withName("raw-" + counter.get())
                .withUid(uid)
                .build());
        SandboxSpec spec = new SandboxSpec();
        spec.setImage(image);
        sandbox.setSpec(spec);
        return ContainerPlanner.plan(sandbox, config);
    }

    /** docker-java create + start, as the operator calls them; the workspace volume is made by Docker on the way. */
    String createAndStart(ContainerSpec spec) {
        String id = runtime.create(spec);
        runtime.start(id);
        return id;
    }

    /**
     * The create+start baseline as a trial: a container of its own each time, only the create and start timed (into
     * the row {@code row}), removed afterwards.
     */
    void timeCreateAndStart(Alternation.Samples samples, String row) throws Exception {
        withContainer(nextSpec(), spec -> samples.time(row, () -> createAndStart(spec)));
    }

    /** Runs {@code work} on the container of {@code spec} and removes the container afterwards, whatever happened. */
    void withContainer(ContainerSpec spec, ContainerWork work) throws Exception {
        try {
            work.run(spec);
        } finally {
            remove(spec);
        }
    }

    /** What a trial does with a container of its own. */
    @FunctionalInterface
    interface ContainerWork {
        void run(ContainerSpec spec) throws Exception;
    }

    void remove(ContainerSpec spec) {
        runtime.remove(spec.name());
        runtime.removeVolume(spec.workspaceVolume());
    }

    ExecResult exec(String containerId, List<String> command) {
        ExecResult r = runtime.exec(containerId, command, Duration.ofSeconds(60), 1 << 20);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(
                    "docker-java exec of " + command + " exited with " + r.exitCode() + ": " + r.stderr());
        }
        return r;
    }

    /** An attached exec: each complete line of standard output goes to {@code onLine} as soon as its frame arrives. */
    void streamExec(String containerId, List<String> command, Consumer<String> onLine) {
        String execId = docker.execCreateCmd(containerId)
                .withCmd(command.toArray(String[]::new))
                .withAttachStdout(true)
                .withAttachStderr(true)
                .exec()
                .getId();
        StringBuilder pending = new StringBuilder();
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                if (frame.getStreamType() != StreamType.STDOUT) {
                    return;
                }
                pending.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                for (int nl = pending.indexOf("\n"); nl >= 0; nl = pending.indexOf("\n")) {
                    onLine.accept(pending.substring(0, nl));
                    pending.delete(0, nl + 1);
                }
            }
        };
        try (callback) {
            docker.execStartCmd(execId).exec(callback);
            if (!callback.awaitCompletion(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("streamed exec did not finish within 60 s");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** What {@code docker cp file container:dir} does: one archive PUT, written as the sandbox's user 1000. */
    void copyIn(String containerId, String dir, String name, byte[] content) {
        docker.copyArchiveToContainerCmd(containerId)
                .withRemotePath(dir)
                .withTarInputStream(new ByteArrayInputStream(Tar.oneFile(name, content, 1000, 1000)))
                .exec();
    }

    /** What {@code docker cp container:path -} does: one archive GET, unpacked. */
    byte[] copyOut(String containerId, String path) {
        try (InputStream tar =
                docker.copyArchiveFromContainerCmd(containerId, path).exec()) {
            return Tar.firstFile(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String engineVersion() {
        return docker.versionCmd().exec().getVersion();
    }

    /** Removes every container and volume this engine made (also ones a failed run left); returns how many. */
    int sweep() {
        int removed = 0;
        for (ContainerState c : runtime.list(SandboxNames.nodeSelector(config.installation(), config.nodeName()))) {
            runtime.remove(c.id());
            removed++;
        }
        var volumes = docker.listVolumesCmd()
                .withFilter("name", List.of(uidPrefix))
                .exec()
                .getVolumes();
        if (volumes != null) {
            for (var v : volumes) {
                if (v.getName().contains(uidPrefix)) {
                    runtime.removeVolume(v.getName());
                    removed++;
                }
            }
        }
        return removed;
    }

    @Override
    public void close() {
        runtime.close();
        try {
            docker.close();
        } catch (IOException e) {
            // Nothing left to release that the benchmark could act on.
        }
    }
}
