package dev.sandbox.operator.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.InputStream;

/** Turns a container's {@code user[:group]} (names or ids) into numeric ids, reading its passwd and group files. */
final class ContainerUsers {
    private final DockerClient control;

    ContainerUsers(DockerClient control) {
        this.control = control;
    }

    /** Whether {@code user} is root (or empty, which is root as well). */
    static boolean isRoot(String user) {
        return user == null
                || user.isEmpty()
                || user.equals("0")
                || user.equals("root")
                || user.startsWith("0:")
                || user.startsWith("root:");
    }

    /**
     * The uid and gid of {@code user} in the container.
     *
     * @throws IllegalStateException when a user name is not in the image's /etc/passwd
     */
    int[] resolve(String containerId, String user) {
        String[] parts = user.split(":", 2);
        Integer uid = parts[0].matches("[0-9]+") ? Integer.valueOf(parts[0]) : null;
        Integer gid = parts.length > 1 && parts[1].matches("[0-9]+") ? Integer.valueOf(parts[1]) : null;
        if (uid == null || gid == null) {
            for (String line : readFile(containerId, "/etc/passwd").split("\n", -1)) {
                String[] f = line.split(":", -1);
                if (f.length >= 4 && (f[0].equals(parts[0]) || f[2].equals(parts[0]))) {
                    uid = uid == null ? Integer.valueOf(f[2]) : uid;
                    gid = gid == null && parts.length == 1 ? Integer.valueOf(f[3]) : gid;
                }
            }
        }
        if (gid == null && parts.length > 1) {
            for (String line : readFile(containerId, "/etc/group").split("\n", -1)) {
                String[] f = line.split(":", -1);
                if (f.length >= 3 && f[0].equals(parts[1])) {
                    gid = Integer.valueOf(f[2]);
                }
            }
        }
        if (uid == null) {
            throw new IllegalStateException("user '" + user + "' of the image is not in its /etc/passwd");
        }
        return new int[] {uid, gid == null ? uid : gid};
    }

    private String readFile(String containerId, String path) {
        try (InputStream tar =
                control.copyArchiveFromContainerCmd(containerId, path).exec()) {
            return TarFiles.firstFileContent(tar);
        } catch (NotFoundException e) {
            return "";
        } catch (IOException e) {
            throw new RuntimeUnavailableException("cannot read " + path + " of container " + containerId, e);
        }
    }
}
