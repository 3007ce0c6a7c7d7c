package dev.sandbox.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox.operator.DiskConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real file systems on loop devices (no Docker): needs root, as the operator does. */
class DiskImagesTest {
    @TempDir
    Path dir;

    DiskImages disks;

    @BeforeEach
    void setUp() {
        disks = DiskImages.of(new DiskConfig(true, dir.resolve("disks"), 1L << 30));
        Assumptions.assumeTrue(disks.enabled(), "needs root, mkfs.ext4 and loop devices");
    }

    static String loopDevices() throws Exception {
        Process p =
                new ProcessBuilder("losetup", "-a").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Test
    void aVolumeGetsAFileSystemOfItsSizeThatRefusesMoreAndLeavesNothingBehind() throws Exception {
        String volume = "sandbox-test-" + Long.toHexString(System.nanoTime()) + "-workspace";
        Path data = disks.ensure(volume, 32L << 20);
        assertThat(data.getFileName().toString()).isEqualTo("_data");
        assertThat(disks.ensure(volume, 32L << 20)).isEqualTo(data);
        assertThat(disks.dataDirectory(volume)).contains(data);
        assertThat(loopDevices()).contains(volume + ".img");
        // lost+found and the staging area live beside _data, out of the sandbox's sight.
        assertThat(data.resolveSibling("lost+found")).isDirectory();

        assertThatThrownBy(() -> fill(data.resolve("big"), 48L << 20))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("No space left");
        DiskImages.Usage usage = disks.usage(volume).orElseThrow();
        assertThat(usage.limitBytes()).isEqualTo(32L << 20);
        assertThat(usage.usedBytes()).isGreaterThan(24L << 20);

        // An existing file system keeps its size and its data.
        Files.delete(data.resolve("big"));
        Files.writeString(data.resolve("keep"), "kept");
        disks.ensure(volume, 64L << 20);
        assertThat(disks.usage(volume).orElseThrow().limitBytes()).isEqualTo(32L << 20);
        assertThat(Files.readString(data.resolve("keep"))).isEqualTo("kept");

        assertThat(disks.volumes()).contains(volume);
        disks.release(volume);
        assertThat(dir.resolve("disks").resolve(volume + ".img")).doesNotExist();
        assertThat(dir.resolve("disks").resolve(volume)).doesNotExist();
        assertThat(loopDevices()).doesNotContain(volume);
        assertThat(disks.volumes()).doesNotContain(volume);
        disks.release(volume);
    }

    @Test
    void aMountLostWithANodeRestartIsRedoneWithTheDataIntact() throws Exception {
        String volume = "nvol-test-" + Long.toHexString(System.nanoTime());
        Path data = disks.ensure(volume, 16L << 20);
        Files.writeString(data.resolve("note"), "still here");
        // What a node restart does: the mount and its loop device are gone, the image stays.
        Process umount = new ProcessBuilder("umount", data.getParent().toString())
                .inheritIO()
                .start();
        assertThat(umount.waitFor()).isZero();
        assertThat(disks.usage(volume)).isEmpty();
        assertThat(disks.ensure(volume, 16L << 20)).isEqualTo(data);
        assertThat(Files.readString(data.resolve("note"))).isEqualTo("still here");
        disks.release(volume);
        assertThat(loopDevices()).doesNotContain(volume);
    }

    private static void fill(Path file, long bytes) throws IOException {
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += block.length) {
                out.write(block);
            }
            out.flush();
        }
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }
}
