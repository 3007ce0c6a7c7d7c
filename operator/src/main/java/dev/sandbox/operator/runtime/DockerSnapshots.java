package dev.sandbox.operator.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots on a Docker engine: {@code docker commit} for the container's file system, and a file-by-file copy between
 * the host directories of two local volumes for the workspace (the operator sees Docker's volume directory, as the
 * node agent does).
 */
final class DockerSnapshots implements SnapshotStore {
    private static final Logger log = LoggerFactory.getLogger(DockerSnapshots.class);

    private final DockerClient docker;
    private final String dockerHost;
    /** Where a volume with a file system of its own keeps its data (Docker's mount point shows it only while in use). */
    private final java.util.function.Function<String, java.util.Optional<Path>> ownData;

    DockerSnapshots(
            DockerClient docker,
            String dockerHost,
            java.util.function.Function<String, java.util.Optional<Path>> ownData) {
        this.docker = docker;
        this.dockerHost = dockerHost;
        this.ownData = ownData;
    }

    @Override
    public String commit(String containerId, String image, Map<String, String> labels) {
        int colon = image.lastIndexOf(':');
        String repository = colon > 0 ? image.substring(0, colon) : image;
        String tag = colon > 0 ? image.substring(colon + 1) : "latest";
        return call(
                "commit container",
                () -> docker.commitCmd(containerId)
                        .withRepository(repository)
                        .withTag(tag)
                        .withPause(false)
                        .withLabels(labels)
                        .exec());
    }

    @Override
    public long imageOwnBytes(String image) {
        InspectImageResponse inspected = inspect(image);
        if (inspected == null) {
            return -1;
        }
        // The size of the image minus that of its parent is what the commit added on top.
        long total = inspected.getSize() == null ? 0 : inspected.getSize();
        String parent = inspected.getParent();
        InspectImageResponse base = parent == null || parent.isEmpty() ? null : inspect(parent);
        long baseSize = base == null || base.getSize() == null ? 0 : base.getSize();
        return Math.max(0, total - baseSize);
    }

    @Override
    public long imageBytes(String image) {
        InspectImageResponse inspected = inspect(image);
        return inspected == null || inspected.getSize() == null ? -1 : inspected.getSize();
    }

    private InspectImageResponse inspect(String image) {
        try {
            return call("inspect image", () -> docker.inspectImageCmd(image).exec());
        } catch (NotFoundException gone) {
            return null;
        }
    }

    @Override
    public void removeImage(String image) {
        try {
            call(
                    "remove image",
                    () -> docker.removeImageCmd(image)
                            .withForce(false)
                            .withNoPrune(false)
                            .exec());
        } catch (NotFoundException gone) {
            log.debug("image {} was already removed", image);
        } catch (ConflictException inUse) {
            throw new ImageInUseException(
                    "image " + image + " is still used by a container: " + inUse.getMessage(), inUse);
        }
    }

    @Override
    public List<LabelledObject> listImages(Map<String, String> labels) {
        List<Image> images = call(
                "list images",
                () -> docker.listImagesCmd().withLabelFilter(labels).exec());
        List<LabelledObject> result = new ArrayList<>();
        for (Image i : images) {
            String name =
                    i.getRepoTags() != null && i.getRepoTags().length > 0 && !i.getRepoTags()[0].startsWith("<none>")
                            ? i.getRepoTags()[0]
                            : i.getId();
            result.add(new LabelledObject(name, i.getLabels() == null ? Map.of() : new HashMap<>(i.getLabels())));
        }
        return result;
    }

    @Override
    public long copyVolume(String source, String target, Map<String, String> labels) {
        Path from = mountpoint(source);
        try {
            call("inspect volume", () -> docker.inspectVolumeCmd(target).exec());
        } catch (NotFoundException missing) {
            call(
                    "create volume",
                    () -> docker.createVolumeCmd()
                            .withName(target)
                            .withLabels(labels)
                            .exec());
        }
        Path to = mountpoint(target);
        try {
            // Emptied first: a copy cut short by a crash is redone from scratch, never merged with its remains.
            VolumeCopy.empty(to);
            return VolumeCopy.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "copying volume " + source + " to " + target + " failed: " + e.getMessage(), e);
        }
    }

    private Path mountpoint(String volume) {
        java.util.Optional<Path> own = ownData.apply(volume);
        if (own.isPresent()) {
            return own.get();
        }
        String mountpoint = call(
                        "inspect volume", () -> docker.inspectVolumeCmd(volume).exec())
                .getMountpoint();
        if (mountpoint == null || mountpoint.isEmpty()) {
            throw new IllegalStateException(
                    "volume " + volume + " has no local directory; only local volumes can be copied");
        }
        return Path.of(mountpoint);
    }

    private <T> T call(String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (DockerException e) {
            throw e;
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IOException) {
                    throw new RuntimeUnavailableException(
                            "Docker engine at " + dockerHost + " is unreachable (" + what + "): " + e.getMessage(), e);
                }
            }
            throw e;
        }
    }
}
