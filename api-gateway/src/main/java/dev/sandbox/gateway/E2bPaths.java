package dev.sandbox.gateway;

import dev.sandbox.client.SandboxPaths;

/**
 * Paths of the E2B file calls, turned into paths on the sandbox's workspace volume, where the node agent's file API
 * works. Relative paths start at the sandbox's home directory, as in E2B. Only the workspace ({@code /workspace}) and
 * a home directory that is the workspace (the base template's {@code /home/user} links to it) can be reached: the
 * rest of a sandbox's file system is read-only or a {@code /tmp} in memory that the node cannot reach.
 */
final class E2bPaths {
    static final String WORKSPACE = "/workspace";

    private E2bPaths() {}

    /** The absolute, normalised form of {@code path} ({@code .} and {@code ..} resolved, no trailing slash). */
    static String absolute(String home, String path) {
        if (path != null && path.indexOf('\0') >= 0) {
            throw new RpcException(ConnectCode.INVALID_ARGUMENT, "the path must not contain NUL characters");
        }
        return SandboxPaths.resolve(home, path);
    }

    /** The path on the workspace volume ("" for its root); {@code invalid_argument} for a path outside it. */
    static String onVolume(String home, String absolute) {
        for (String root : new String[] {WORKSPACE, home}) {
            if (absolute.equals(root)) {
                return "";
            }
            if (absolute.startsWith(root + "/")) {
                return absolute.substring(root.length() + 1);
            }
        }
        throw new RpcException(
                ConnectCode.INVALID_ARGUMENT,
                "'" + absolute + "' is outside the sandbox's home directory (" + home
                        + "); the file API reaches only the home directory and " + WORKSPACE
                        + " (use a command for other paths)");
    }

    /** The last name of a path ("/" for the root). */
    static String name(String absolute) {
        int slash = absolute.lastIndexOf('/');
        return absolute.length() <= 1 ? "/" : absolute.substring(slash + 1);
    }

    static String parent(String volumePath) {
        int slash = volumePath.lastIndexOf('/');
        return slash < 0 ? "" : volumePath.substring(0, slash);
    }

    static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent.equals("/") ? "/" + name : parent + "/" + name;
    }
}
