package dev.sandbox.operator.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Volumes} on a Docker engine: workspace and shared volumes, the file systems of their own that
 * {@link DiskImages} makes, and their directories on the host (through {@link HostAccess}).
 */
final class DockerVolumes implements Volumes {
    private static final Logger log = LoggerFactory.getLogger(DockerVolumes.class);

    private final DockerEngine engine;
    private final DockerClient control;
    private final DiskImages disks;
    private final ContainerUsers users;
    /**
     * Where the last volume create put the volume, for the workspace hand-over that follows right after: a few seconds
     * at most.
     */
    private final RecentFacts recent = new RecentFacts(Duration.ofSeconds(5));

    DockerVolumes(DockerEngine engine, DiskImages disks) {
        this.engine = engine;
        this.control = engine.control();
        this.disks = disks;
        this.users = new ContainerUsers(control);
    }

    @Override
    public void ensureVolume(String name, long diskBytes, Map<String, String> labels) {
        if (diskBytes > 0 && disks.enabled() && !plainVolumeExists(name)) {
            Path data = disks.ensure(name, diskBytes);
            createBoundVolume(name, data, labels);
            recent.put(mountpointKey(name), data.toString());
            return;
        }
        // Creating a local volume that exists already hands back the existing one, unchanged: no need to look first.
        var created = engine.call(
                "create volume",
                () -> control.createVolumeCmd()
                        .withName(name)
                        .withDriver("local")
                        .withLabels(labels)
                        .exec());
        if (created.getMountpoint() != null) {
            recent.put(mountpointKey(name), created.getMountpoint());
        }
    }

    /**
     * Whether the volume exists as a plain Docker volume, made before file systems of their own (or while they were off):
     * it is kept as it is, with its data, rather than replaced.
     */
    private boolean plainVolumeExists(String name) {
        if (disks.dataDirectory(name).isPresent()) {
            return false;
        }
        return findVolume(name).isPresent();
    }

    private Optional<InspectVolumeResponse> findVolume(String name) {
        try {
            return Optional.of(engine.call(
                    "inspect volume", () -> control.inspectVolumeCmd(name).exec()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * A local volume that binds our own file system's data directory. Only ever a directory the operator made under its
     * disk directory: never anything a request names.
     */
    private void createBoundVolume(String name, Path data, Map<String, String> labels) {
        Map<String, String> options = Map.of("type", "none", "o", "bind", "device", data.toString());
        engine.call(
                "create volume",
                () -> control.createVolumeCmd()
                        .withName(name)
                        .withDriver("local")
                        .withDriverOpts(options)
                        .withLabels(labels)
                        .exec());
    }

    @Override
    public void ensureSharedDisk(String name, long diskBytes, Map<String, String> labels) {
        if (!disks.enabled() || plainVolumeExists(name)) {
            ensureSharedVolume(name, "local", Map.of(), labels);
            return;
        }
        Path data = disks.ensure(name, diskBytes);
        try {
            HostAccess.openToAllIfFresh(data);
        } catch (IOException e) {
            warnNotShared(name, e);
        }
        createBoundVolume(name, data, labels);
    }

    @Override
    public void ensureSharedVolume(
            String name, String driver, Map<String, String> options, Map<String, String> labels) {
        if (findVolume(name).isPresent()) {
            return;
        }
        try {
            engine.call(
                    "create volume",
                    () -> control.createVolumeCmd()
                            .withName(name)
                            .withDriver(driver)
                            .withDriverOpts(options)
                            .withLabels(labels)
                            .exec());
        } catch (DockerException refused) {
            throw new VolumeRefusedException(
                    "Docker refused to create volume " + name + " with driver " + driver + ": "
                            + DockerEngine.firstLine(refused.getMessage()),
                    refused);
        }
        if ("local".equals(driver) && !options.containsKey("type")) {
            // Sandboxes of any user share it: make the root writable by all, with the sticky bit, as /tmp is.
            String mountpoint = engine.call(
                            "inspect volume",
                            () -> control.inspectVolumeCmd(name).exec())
                    .getMountpoint();
            try {
                HostAccess.openToAll(Path.of(mountpoint));
            } catch (IOException | RuntimeException notOpened) {
                warnNotShared(name, notOpened);
            }
        }
    }

    private static void warnNotShared(String name, Exception e) {
        log.warn(
                "cannot open shared volume {} to all sandbox users ({}); only root in a sandbox can write it",
                name,
                e.toString());
    }

    @Override
    public Optional<DiskImages.Usage> diskUsage(String volumeName) {
        return disks.usage(volumeName);
    }

    @Override
    public boolean diskLimitsEnforced() {
        return disks.enabled();
    }

    @Override
    public List<String> diskVolumes() {
        return disks.volumes();
    }

    @Override
    public void releaseDisk(String volumeName) {
        disks.release(volumeName);
    }

    @Override
    public long volumeBytes(String name) {
        Optional<DiskImages.Usage> own = disks.usage(name);
        if (own.isPresent()) {
            return own.get().usedBytes();
        }
        String mountpoint = engine.call(
                        "inspect volume", () -> control.inspectVolumeCmd(name).exec())
                .getMountpoint();
        return HostAccess.bytesUnder(mountpoint == null ? null : Path.of(mountpoint));
    }

    @Override
    public void prepareWorkspace(String containerId, String volumeName, String imageUser) {
        if (ContainerUsers.isRoot(imageUser)) {
            return;
        }
        int[] ids = users.resolve(containerId, imageUser);
        String known = recent.get(mountpointKey(volumeName));
        String mountpoint = known != null
                ? known
                : disks.dataDirectory(volumeName)
                        .map(Path::toString)
                        .orElseGet(() -> engine.call(
                                        "inspect volume",
                                        () -> control.inspectVolumeCmd(volumeName)
                                                .exec())
                                .getMountpoint());
        Path dir = mountpoint == null ? null : Path.of(mountpoint);
        try {
            if (dir == null || !Files.isDirectory(dir)) {
                log.warn(
                        "cannot reach workspace volume {} at {} from this process; user {} may not be able to write"
                                + " /workspace (run the operator with the Docker data directory mounted)",
                        volumeName,
                        mountpoint,
                        imageUser);
                return;
            }
            HostAccess.handTo(dir, ids[0], ids[1]);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            log.warn("cannot hand workspace volume {} to user {}: {}", volumeName, imageUser, e.toString());
        }
    }

    @Override
    public void removeVolume(String name) {
        try {
            engine.call("remove volume", () -> control.removeVolumeCmd(name).exec());
        } catch (NotFoundException gone) {
            log.debug("volume {} was already removed", name);
        }
        // Only once the Docker volume is gone: no container can be using the file system any more.
        disks.release(name);
    }

    @Override
    public List<String> listVolumes(Map<String, String> labels) {
        return listLabelledVolumes(labels).stream().map(LabelledObject::name).toList();
    }

    @Override
    public List<LabelledObject> listLabelledVolumes(Map<String, String> labels) {
        var response = engine.call(
                "list volumes",
                () -> control.listVolumesCmd()
                        .withFilter("label", labelFilters(labels))
                        .exec());
        List<LabelledObject> volumes = new ArrayList<>();
        if (response.getVolumes() != null) {
            response.getVolumes()
                    .forEach(v -> volumes.add(new LabelledObject(
                            v.getName(), v.getLabels() == null ? Map.of() : Map.copyOf(v.getLabels()))));
        }
        return volumes;
    }

    /** The named volume where this process reaches it: at its own file system when it has one, mounted or not. */
    Optional<VolumeInfo> inspectVolume(String name) {
        return findVolume(name)
                .map(volume -> new VolumeInfo(
                        volume.getName(),
                        disks.dataDirectory(name).map(Path::toString).orElse(volume.getMountpoint()),
                        volume.getLabels() == null ? Map.of() : Map.copyOf(volume.getLabels())));
    }

    /** Docker's label filter values: {@code key=value} for each label. */
    static List<String> labelFilters(Map<String, String> labels) {
        List<String> filters = new ArrayList<>();
        labels.forEach((k, v) -> filters.add(k + "=" + v));
        return filters;
    }

    private static String mountpointKey(String volumeName) {
        return "volume-mountpoint:" + volumeName;
    }
}
