package dev.sandbox.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TarTest {
    @Test
    void oneFileRoundTripsWithItsOwner() throws IOException {
        byte[] content = new byte[10_000];
        new Random(1).nextBytes(content);
        byte[] tar = Tar.oneFile("data.bin", content, 1000, 1000);
        assertThat(tar.length % 512).isZero();
        assertThat(new String(tar, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("data.bin");
        assertThat(new String(tar, 108, 7, StandardCharsets.US_ASCII)).isEqualTo("0001750");
        assertThat(new String(tar, 257, 5, StandardCharsets.US_ASCII)).isEqualTo("ustar");
        assertThat(Tar.firstFile(new ByteArrayInputStream(tar))).isEqualTo(content);
    }

    @Test
    void anEmptyArchiveHasNoFile() {
        assertThatThrownBy(() -> Tar.firstFile(new ByteArrayInputStream(new byte[1024])))
                .isInstanceOf(IOException.class);
    }

    @Test
    void onlyPlainNamesAreTaken() {
        assertThatThrownBy(() -> Tar.oneFile("a/b", new byte[0], 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
