package dev.sandbox.operator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file operations on a volume's directory laid out like Docker's local driver, on the real file system. */
class VolumeFilesTest {
    @TempDir
    Path volume;

    private Path data;
    private VolumeFiles files;

    @BeforeEach
    void openVolume() throws IOException {
        data = Files.createDirectory(volume.resolve("_data"));
        // Owned by whoever runs the test, as the volume root is: no privileges needed to hand files over.
        files = VolumeFiles.open(data.toString(), "/data");
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private String read(String... names) throws IOException {
        VolumeFiles.OpenFile file = files.read(List.of(names));
        try (InputStream in = file.content()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void writesThroughStagingAndListsWithModes() throws IOException {
        VolumeFiles.Written written = files.write(List.of("reports", "a.txt"), text("hello"), null, 1024);
        assertThat(written.path()).isEqualTo("reports/a.txt");
        assertThat(written.size()).isEqualTo(5);
        assertThat(read("reports", "a.txt")).isEqualTo("hello");

        VolumeFiles.Listing listing = files.list(List.of("reports"));
        assertThat(listing.entries()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("a.txt");
            assertThat(e.type()).isEqualTo("file");
            assertThat(e.mode()).isEqualTo("0644");
        });
        assertThat(files.list(List.of()).entries())
                .extracting(FileEntry::type, FileEntry::mode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("directory", "0755"));
        // Nothing is left behind in the staging area next to _data.
        try (var staged = Files.list(volume.resolve(".sandbox-staging"))) {
            assertThat(staged).isEmpty();
        }
    }

    @Test
    void keepsAnExistingFilesModeAndRefusesAWrongChecksum() throws IOException {
        files.write(List.of("run.sh"), text("echo 1"), null, 1024);
        Files.setPosixFilePermissions(data.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        files.write(List.of("run.sh"), text("echo 2"), null, 1024);
        assertThat(files.list(List.of()).entries())
                .singleElement()
                .extracting(FileEntry::mode)
                .isEqualTo("0750");

        assertThatThrownBy(() -> files.write(List.of("run.sh"), text("echo 3"), "00", 1024))
                .isInstanceOfSatisfying(
                        AgentException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThat(read("run.sh")).isEqualTo("echo 2");
        assertThatThrownBy(() -> files.write(List.of("big"), text("x".repeat(100)), null, 10))
                .isInstanceOfSatisfying(
                        AgentException.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThat(Files.exists(data.resolve("big"))).isFalse();
    }

    @Test
    void followsLinksInsideTheVolumeOnlyAndMovesAndDeletes() throws IOException {
        files.write(List.of("dir", "f.txt"), text("in"), null, 1024);
        Files.createSymbolicLink(data.resolve("inside"), Path.of("/data/dir"));
        Files.createSymbolicLink(data.resolve("outside"), Path.of("/etc"));
        Files.createSymbolicLink(data.resolve("up"), Path.of("../../.."));
        assertThat(read("inside", "f.txt")).isEqualTo("in");
        for (String link : List.of("outside", "up")) {
            assertThatThrownBy(() -> files.list(List.of(link)))
                    .as(link)
                    .isInstanceOfSatisfying(
                            AgentException.class, e -> assertThat(e.status()).isEqualTo(400));
        }

        files.rename(List.of("dir", "f.txt"), List.of("moved", "g.txt"), false);
        assertThat(read("moved", "g.txt")).isEqualTo("in");
        assertThat(files.makeDirectories(List.of("moved", "sub"), "path")).isTrue();
        assertThatThrownBy(() -> files.delete(List.of("moved"), false))
                .isInstanceOfSatisfying(
                        AgentException.class, e -> assertThat(e.status()).isEqualTo(409));
        files.delete(List.of("moved"), true);
        assertThat(Files.exists(data.resolve("moved"))).isFalse();
        // Deleting a link removes the link, never what it points to.
        files.delete(List.of("outside"), false);
        assertThat(Files.exists(Path.of("/etc"))).isTrue();
    }

    @Test
    void walksAndMergesStagedTrees() throws IOException {
        files.write(List.of("keep.txt"), text("k"), null, 1024);
        Path staged = files.newStagingDirectory();
        try {
            Files.createDirectories(staged.resolve("a/b"));
            Files.writeString(staged.resolve("a/b/c.txt"), "c");
            Files.writeString(staged.resolve("keep.txt"), "replaced");
            files.ownTree(staged);
            files.mergeIn(staged, List.of());
        } finally {
            VolumeFiles.deleteStaged(staged);
        }
        assertThat(Files.exists(staged)).isFalse();
        List<String> seen = new ArrayList<>();
        files.walk(List.of(), new TreeVisitor() {
            @Override
            public void directory(String name) {
                seen.add(name + "/");
            }

            @Override
            public void file(String name, long size, InputStream content) throws IOException {
                seen.add(name + "=" + new String(content.readAllBytes(), StandardCharsets.UTF_8));
            }
        });
        assertThat(seen).containsExactly("a/", "a/b/", "a/b/c.txt=c", "keep.txt=replaced");
        assertThat(files.isDirectory(List.of("a", "b"))).isTrue();
    }
}
