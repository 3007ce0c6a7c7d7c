package dev.sandbox.operator.runtime;

import dev.sandbox.client.SandboxStats;
import dev.sandbox.operator.DiskConfig;
import java.io.Closeable;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link ContainerRuntime} and {@link ContainerIo} on a Docker engine through docker-java: one handle over the parts
 * that do the work, one class per job ({@link DockerContainers}, {@link DockerImages}, {@link DockerVolumes},
 * {@link DockerNetworks}, {@link DockerExecs}, {@link DockerStats}, {@link DockerSnapshots}). It only delegates.
 */
public final class DockerContainerRuntime implements ContainerRuntime, ContainerIo {
    private final DockerEngine engine;
    private final DockerContainers containers;
    private final DockerImages images;
    private final DockerVolumes volumes;
    private final DockerNetworks networks;
    private final DockerExecs execs;
    private final DockerStats stats;
    private final DockerSnapshots snapshots;

    /** A runtime whose volumes get file systems of their own as {@link DiskConfig#defaults()} says. */
    public DockerContainerRuntime(String dockerHost) {
        this(dockerHost, DiskImages.of(DiskConfig.defaults()));
    }

    /** A runtime on the engine at {@code dockerHost} whose volumes get file systems of their own from {@code disks}. */
    public DockerContainerRuntime(String dockerHost, DiskImages disks) {
        this.engine = new DockerEngine(dockerHost);
        this.containers = new DockerContainers(engine);
        this.images = new DockerImages(engine);
        this.volumes = new DockerVolumes(engine, disks);
        this.networks = new DockerNetworks(engine);
        this.execs = new DockerExecs(engine);
        this.stats = new DockerStats(engine);
        this.snapshots = new DockerSnapshots(engine.control(), dockerHost, disks::dataDirectory);
    }

    // Containers

    @Override
    public void ping() {
        containers.ping();
    }

    @Override
    public NodeCapacity capacity() {
        return containers.capacity();
    }

    @Override
    public Optional<ContainerState> inspect(String containerName) {
        return containers.inspect(containerName);
    }

    @Override
    public List<ContainerState> list(Map<String, String> labels) {
        return containers.list(labels);
    }

    @Override
    public String create(ContainerSpec spec) {
        return containers.create(spec);
    }

    @Override
    public void start(String containerId) {
        containers.start(containerId);
    }

    @Override
    public void updateLimits(String containerId, long nanoCpus, long memoryBytes) {
        containers.updateLimits(containerId, nanoCpus, memoryBytes);
    }

    @Override
    public void stop(String containerId, Duration timeout) {
        containers.stop(containerId, timeout);
    }

    @Override
    public void pause(String containerId) {
        containers.pause(containerId);
    }

    @Override
    public void unpause(String containerId) {
        containers.unpause(containerId);
    }

    @Override
    public void remove(String containerNameOrId) {
        containers.remove(containerNameOrId);
    }

    @Override
    public Closeable watchEvents(
            Map<String, String> labels, Consumer<ContainerEvent> listener, Consumer<Throwable> onError) {
        return containers.watchEvents(labels, listener, onError);
    }

    @Override
    public String containerUser(String containerId) {
        return containers.containerUser(containerId);
    }

    // Images

    @Override
    public boolean ensureImage(String image) {
        return images.ensureImage(image);
    }

    @Override
    public boolean imageExists(String image) {
        return images.imageExists(image);
    }

    @Override
    public String buildImage(String tag, Map<String, String> files, Map<String, String> labels) {
        return images.buildImage(tag, files, labels);
    }

    @Override
    public String imageUser(String image) {
        return images.imageUser(image);
    }

    // Volumes

    @Override
    public void ensureVolume(String name, long diskBytes, Map<String, String> labels) {
        volumes.ensureVolume(name, diskBytes, labels);
    }

    @Override
    public void ensureSharedDisk(String name, long diskBytes, Map<String, String> labels) {
        volumes.ensureSharedDisk(name, diskBytes, labels);
    }

    @Override
    public Optional<DiskImages.Usage> diskUsage(String volumeName) {
        return volumes.diskUsage(volumeName);
    }

    @Override
    public boolean diskLimitsEnforced() {
        return volumes.diskLimitsEnforced();
    }

    @Override
    public List<String> diskVolumes() {
        return volumes.diskVolumes();
    }

    @Override
    public void releaseDisk(String volumeName) {
        volumes.releaseDisk(volumeName);
    }

    @Override
    public void ensureSharedVolume(
            String name, String driver, Map<String, String> options, Map<String, String> labels) {
        volumes.ensureSharedVolume(name, driver, options, labels);
    }

    @Override
    public long volumeBytes(String name) {
        return volumes.volumeBytes(name);
    }

    @Override
    public void prepareWorkspace(String containerId, String volumeName, String imageUser) {
        volumes.prepareWorkspace(containerId, volumeName, imageUser);
    }

    @Override
    public void removeVolume(String name) {
        volumes.removeVolume(name);
    }

    @Override
    public List<String> listVolumes(Map<String, String> labels) {
        return volumes.listVolumes(labels);
    }

    @Override
    public List<LabelledObject> listLabelledVolumes(Map<String, String> labels) {
        return volumes.listLabelledVolumes(labels);
    }

    @Override
    public Optional<VolumeInfo> inspectVolume(String name) {
        return volumes.inspectVolume(name);
    }

    // Networks

    @Override
    public void ensureNetwork(String name, Map<String, String> labels, List<String> subnets) {
        networks.ensureNetwork(name, labels, subnets);
    }

    @Override
    public void removeNetwork(String name) {
        networks.removeNetwork(name);
    }

    @Override
    public List<LabelledObject> listNetworks(Map<String, String> labels) {
        return networks.listNetworks(labels);
    }

    // Commands and streams

    @Override
    public ExecResult exec(String containerId, List<String> command, Duration timeout, int maxOutputBytes) {
        return execs.exec(containerId, command, timeout, maxOutputBytes);
    }

    @Override
    public ExecStream startExec(String containerId, ExecCommand command, ExecOutput output) {
        return execs.startExec(containerId, command, output);
    }

    @Override
    public String logTail(String containerId, int lines) {
        return execs.logTail(containerId, lines);
    }

    @Override
    public Closeable logs(
            String containerId, int tail, boolean follow, Consumer<LogLine> lines, Consumer<Throwable> onEnd) {
        return execs.logs(containerId, tail, follow, lines, onEnd);
    }

    @Override
    public InputStream copyOut(String containerId, String path) {
        return execs.copyOut(containerId, path);
    }

    // Statistics

    @Override
    public Optional<ContainerStats> stats(String containerId) {
        return stats.stats(containerId);
    }

    @Override
    public Optional<ContainerStats> statsNow(String containerId) {
        return stats.statsNow(containerId);
    }

    @Override
    public SandboxStats currentStats(String containerId) {
        return stats.currentStats(containerId);
    }

    @Override
    public Closeable streamStats(String containerId, Consumer<SandboxStats> samples, Consumer<Throwable> onEnd) {
        return stats.streamStats(containerId, samples, onEnd);
    }

    // Snapshots

    @Override
    public SnapshotStore snapshots() {
        return snapshots;
    }

    @Override
    public void close() {
        stats.close();
        engine.close();
    }
}
