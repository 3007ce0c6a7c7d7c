package dev.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PreviewTokensTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    final PreviewTokens tokens =
            PreviewTokens.derivedFrom("agent-token-0123456789abcdef", Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aGenuineTokenOpensItsSandboxUntilItExpires() {
        String token = tokens.issue("sbx-abc123", NOW.plusSeconds(60));
        assertThat(tokens.verify(token)).contains("sbx-abc123");
        PreviewTokens later = PreviewTokens.derivedFrom(
                "agent-token-0123456789abcdef", Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
        assertThat(later.verify(token)).isEmpty();
    }

    @Test
    void forgedOrTamperedTokensAreRefused() {
        String token = tokens.issue("sbx-abc123", NOW.plusSeconds(3600));
        assertThat(tokens.verify(token.replace("sbx-abc123", "sbx-other00"))).isEmpty();
        assertThat(tokens.verify(token.replace(
                        "." + (NOW.getEpochSecond() + 3600) + ".", "." + (NOW.getEpochSecond() + 99999) + ".")))
                .isEmpty();
        assertThat(tokens.verify(token.substring(0, token.length() - 2) + "AA")).isEmpty();
        PreviewTokens otherInstallation =
                PreviewTokens.derivedFrom("another-secret-0123456789", Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(otherInstallation.verify(token)).isEmpty();
        for (String junk : new String[] {null, "", ".", "a.b", "a.b.c", "sbx.notanumber.AAAA", "x".repeat(600)}) {
            assertThat(tokens.verify(junk)).as(junk).isEmpty();
        }
    }
}
