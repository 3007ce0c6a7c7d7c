package dev.sandbox.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeCopyTest {

    @Test
    void copiesContentsModesTimesAndLinksWithoutFollowingThem(
            @TempDir Path from, @TempDir Path to, @TempDir Path outside) throws Exception {
        Files.createDirectories(from.resolve("a/b"));
        Files.writeString(from.resolve("a/b/file.txt"), "hello");
        Files.setPosixFilePermissions(from.resolve("a/b/file.txt"), PosixFilePermissions.fromString("rw-------"));
        FileTime time = FileTime.from(Instant.parse("2026-01-02T03:04:05Z"));
        Files.setLastModifiedTime(from.resolve("a/b/file.txt"), time);
        Files.setLastModifiedTime(from.resolve("a"), time);
        Files.writeString(outside.resolve("secret"), "not for the copy");
        Files.createSymbolicLink(from.resolve("escape"), outside.resolve("secret"));
        Files.createSymbolicLink(from.resolve("inside"), Path.of("a/b/file.txt"));
        Files.writeString(to.resolve("stale"), "left from a copy cut short");

        VolumeCopy.empty(to);
        long bytes = VolumeCopy.copy(from, to);

        assertThat(bytes).isEqualTo(5);
        assertThat(Files.readString(to.resolve("a/b/file.txt"))).isEqualTo("hello");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(to.resolve("a/b/file.txt"))))
                .isEqualTo("rw-------");
        assertThat(Files.getLastModifiedTime(to.resolve("a/b/file.txt"))).isEqualTo(time);
        assertThat(Files.getLastModifiedTime(to.resolve("a")))
                .as("directory times set after their contents")
                .isEqualTo(time);
        assertThat(Files.isSymbolicLink(to.resolve("escape"))).isTrue();
        assertThat(Files.readSymbolicLink(to.resolve("escape"))).isEqualTo(outside.resolve("secret"));
        assertThat(Files.readSymbolicLink(to.resolve("inside"))).isEqualTo(Path.of("a/b/file.txt"));
        assertThat(Files.exists(to.resolve("stale"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.getAttribute(to.resolve("a/b/file.txt"), "unix:uid"))
                .isEqualTo(Files.getAttribute(from.resolve("a/b/file.txt"), "unix:uid"));
    }
}
