package dev.sandbox.client;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Paths inside a sandbox as people write them: absolute, or relative to a working directory, with {@code .} and
 * {@code ..} parts. The file calls take a path on a volume; this turns what a person typed into the absolute path it
 * means, without asking the sandbox (so {@code ..} is resolved by name, as a shell resolves {@code cd ..}).
 */
public final class SandboxPaths {
    private SandboxPaths() {}

    /**
     * The absolute, normalised form of {@code path}: {@code .} and {@code ..} resolved ({@code ..} at the root stays at
     * the root), no empty parts, no trailing slash.
     *
     * @param directory the absolute directory a relative path starts at, such as {@code /workspace}
     * @param path an absolute or relative path; {@code null} or empty for {@code directory} itself
     * @return the absolute path, {@code /} for the root
     */
    public static String resolve(String directory, String path) {
        String full = path == null || path.isEmpty() ? directory : path.startsWith("/") ? path : directory + "/" + path;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : full.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }
}
