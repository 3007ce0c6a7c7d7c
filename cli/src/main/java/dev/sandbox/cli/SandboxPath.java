package dev.sandbox.cli;

import dev.sandbox.client.SandboxClient;
import dev.sandbox.client.SandboxInfo;
import dev.sandbox.client.SandboxPaths;
import java.util.Comparator;
import java.util.Optional;

/**
 * A path inside a sandbox as people write it ({@code /workspace/src/app.py}, or {@code src/app.py} relative to
 * {@code /workspace}) and the volume that holds it: the file API works on volumes, so a path is found on the
 * workspace or on a mounted network volume (the longest mount path that contains it).
 *
 * @param absolute the absolute path in the sandbox
 * @param volume the volume id ({@value SandboxClient#WORKSPACE} or a network volume's name)
 * @param relative the path relative to the volume's root ("" for the root)
 * @param readOnly whether the volume is mounted read-only
 */
record SandboxPath(String absolute, String volume, String relative, boolean readOnly) {
    static final String WORKSPACE_PATH = "/workspace";

    /** Where {@code path} lives in {@code sandbox}; empty when it is on no volume (e.g. {@code /etc/hosts}). */
    static Optional<SandboxPath> of(SandboxInfo sandbox, String path) {
        String absolute = absolute(path);
        if (within(absolute, WORKSPACE_PATH)) {
            return Optional.of(
                    new SandboxPath(absolute, SandboxClient.WORKSPACE, relative(absolute, WORKSPACE_PATH), false));
        }
        return sandbox.mounts().stream()
                .filter(m -> within(absolute, trimSlash(m.mountPath())))
                .max(Comparator.comparingInt(m -> m.mountPath().length()))
                .map(m -> new SandboxPath(
                        absolute, m.volume(), relative(absolute, trimSlash(m.mountPath())), m.readOnly()));
    }

    /** Relative paths are inside {@code /workspace}; {@code .} and {@code ..} parts are resolved. */
    static String absolute(String path) {
        return SandboxPaths.resolve(WORKSPACE_PATH, path);
    }

    /** The last part of the path ("" for the root of the sandbox). */
    String name() {
        return absolute.substring(absolute.lastIndexOf('/') + 1);
    }

    /** The path of {@code child} below this one, on the same volume. */
    SandboxPath child(String child) {
        String rel = relative.isEmpty() ? child : relative + "/" + child;
        return new SandboxPath(absolute.equals("/") ? "/" + child : absolute + "/" + child, volume, rel, readOnly);
    }

    private static boolean within(String path, String root) {
        return path.equals(root) || path.startsWith(root + "/");
    }

    private static String relative(String path, String root) {
        return path.equals(root) ? "" : path.substring(root.length() + 1);
    }

    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
