package dev.sandbox.operator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VolumePathTest {
    @Test
    void relativePathsAreSplitAndTidied() {
        assertThat(VolumePath.parse("a/b/c.txt", "path", true)).containsExactly("a", "b", "c.txt");
        assertThat(VolumePath.parse("./a//b/", "path", true)).containsExactly("a", "b");
        assertThat(VolumePath.parse("", "path", true)).isEmpty();
        assertThat(VolumePath.parse(".", "path", true)).isEmpty();
        assertThat(VolumePath.parse(null, "path", false)).isEmpty();
        assertThat(VolumePath.parse("..hidden/x..y", "path", true)).containsExactly("..hidden", "x..y");
        assertThat(VolumePath.parse("sp ace/ünï", "path", true)).containsExactly("sp ace", "ünï");
    }

    @Test
    void everythingThatCouldLeaveTheVolumeIsRefused() {
        for (String bad : List.of(
                "..",
                "../x",
                "a/../../x",
                "a/..",
                "/etc/passwd",
                "/",
                "a\0b",
                "x".repeat(256),
                "a/" + "é".repeat(128),
                "a/".repeat(2049))) {
            assertThatThrownBy(() -> VolumePath.parse(bad, "path", true))
                    .as(bad)
                    .isInstanceOfSatisfying(AgentException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.field()).isEqualTo("path");
                    });
        }
        assertThatThrownBy(() -> VolumePath.parse(null, "to", true)).hasFieldOrPropertyWithValue("field", "to");
    }

    @Test
    void archiveEntriesAlsoRefuseBackslashesAndDriveLetters() {
        assertThat(VolumePath.archiveEntry("dir/file.txt")).containsExactly("dir", "file.txt");
        for (String bad : List.of("../evil", "a/../../evil", "/abs", "..\\evil", "C:/x", "a\0b")) {
            assertThatThrownBy(() -> VolumePath.archiveEntry(bad)).as(bad).isInstanceOf(AgentException.class);
        }
    }
}
