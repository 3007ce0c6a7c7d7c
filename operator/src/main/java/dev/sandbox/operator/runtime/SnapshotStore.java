package dev.sandbox.operator.runtime;

import java.util.List;
import java.util.Map;

/**
 * What snapshots need from a node's engine: committing a container's file system to an image, copying a workspace
 * volume, measuring and removing what was made. Every call is safe to repeat after a crash.
 */
public interface SnapshotStore {

    /**
     * Commits the container's file system (without its volumes) to {@code image}, replacing an earlier image of that
     * tag. The container is not paused for it: callers that want one consistent moment pause it themselves.
     *
     * @return the new image's id
     */
    String commit(String containerId, String image, Map<String, String> labels);

    /** Bytes of the image's own top layer (what the commit added), or -1 when the image does not exist. */
    long imageOwnBytes(String image);

    /** Bytes of the whole image, shared layers included, or -1 when it does not exist. */
    long imageBytes(String image);

    /** Removes the image; no error when it does not exist. {@link ImageInUseException} while a container uses it. */
    void removeImage(String image);

    /** Images (by their first tag, or id when untagged) carrying all the given labels, with their labels. */
    List<LabelledObject> listImages(Map<String, String> labels);

    /**
     * Makes {@code target} (created with {@code labels} when missing, emptied when not) an exact copy of the files in
     * {@code source}: contents, modes, owners, times and symbolic links.
     *
     * @return bytes of regular files copied
     */
    long copyVolume(String source, String target, Map<String, String> labels);
}
