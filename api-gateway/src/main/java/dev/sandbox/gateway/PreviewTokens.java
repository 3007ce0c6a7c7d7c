package dev.sandbox.gateway;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring tokens that open one sandbox's preview URLs without an API key (for browsers and for sharing):
 * {@code <sandbox id>.<expiry, epoch seconds>.<HMAC-SHA256>}. The key is derived from the agent token, so every
 * gateway of an installation accepts the tokens of the others without more configuration. Pure apart from the clock.
 */
final class PreviewTokens {
    private final byte[] key;
    private final Clock clock;

    PreviewTokens(byte[] key, Clock clock) {
        this.key = key.clone();
        this.clock = clock;
    }

    /** Keys are derived, never the agent token itself, so a leaked preview token reveals nothing about it. */
    static PreviewTokens derivedFrom(String secret, Clock clock) {
        return new PreviewTokens(hmac(secret.getBytes(StandardCharsets.UTF_8), "sandbox preview tokens v1"), clock);
    }

    String issue(String sandboxId, Instant expiresAt) {
        String payload = sandboxId + "." + expiresAt.getEpochSecond();
        return payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, payload));
    }

    /** The sandbox id the token opens, when it is genuine and not expired. */
    Optional<String> verify(String token) {
        if (token == null || token.length() > 512) {
            return Optional.empty();
        }
        int lastDot = token.lastIndexOf('.');
        int expiryDot = lastDot < 0 ? -1 : token.lastIndexOf('.', lastDot - 1);
        if (expiryDot <= 0) {
            return Optional.empty();
        }
        String payload = token.substring(0, lastDot);
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(presented, hmac(key, payload))) {
            return Optional.empty();
        }
        long expiry;
        try {
            expiry = Long.parseLong(token.substring(expiryDot + 1, lastDot));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (clock.instant().getEpochSecond() >= expiry) {
            return Optional.empty();
        }
        return Optional.of(token.substring(0, expiryDot));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
