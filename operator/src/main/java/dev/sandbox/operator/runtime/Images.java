package dev.sandbox.operator.runtime;

import java.util.Map;

/** Images on a node: present, pulled or built. */
public interface Images {
    /**
     * Makes sure the image is on the node, pulling it if not; {@link ImageNotFoundException} when it cannot be had.
     *
     * @return true when it had to be pulled
     */
    boolean ensureImage(String image);

    /** Whether the image is on the node. */
    boolean imageExists(String image);

    /**
     * Builds an image from in-memory files (one of them the Dockerfile) and tags it.
     *
     * @return the build output
     * @throws ImageBuildException when the build fails, with its output
     */
    String buildImage(String tag, Map<String, String> files, Map<String, String> labels);

    /** User the image runs as by default ("" for root). */
    String imageUser(String image);
}
