package dev.sandbox.operator.model;

import dev.sandbox.crd.SandboxSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** Names images built from a sandbox's build context after the context's content, so equal contexts share one image. */
public final class BuildContexts {
    public static final String REPOSITORY = "sandbox-build";

    private BuildContexts() {}

    /** A digest of the paths and contents, independent of map order. */
    public static String hash(Map<String, String> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> f : new TreeMap<>(files).entrySet()) {
                byte[] path = f.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
                // Length prefixes keep ("ab","c") and ("a","bc") apart.
                sha.update(Integer.toString(path.length).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) ':');
                sha.update(path);
                sha.update(Integer.toString(content.length).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) ':');
                sha.update(content);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The image a sandbox runs: the built one when it has a build context, else its {@code image}. */
    public static String effectiveImage(SandboxSpec spec) {
        return spec.getBuildContext() == null ? spec.getImage() : REPOSITORY + ":" + hash(spec.getBuildContext());
    }
}
