package dev.sandbox.gateway;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The envd access tokens of secure E2B sandboxes: an HMAC of the sandbox's UID under a key derived from the installation's
 * agent token, so every gateway replica computes the same token and nothing secret is stored in the resource.
 */
final class E2bAccessTokens {
    private final byte[] key;

    E2bAccessTokens(String secret) {
        try {
            key = MessageDigest.getInstance("SHA-256")
                    .digest(("e2b-envd-access:" + secret).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    String tokenFor(String sandboxUid) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(sandboxUid.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /** Whether {@code presented} is the sandbox's token, compared in constant time. */
    boolean matches(String sandboxUid, String presented) {
        return presented != null
                && MessageDigest.isEqual(
                        tokenFor(sandboxUid).getBytes(StandardCharsets.UTF_8),
                        presented.trim().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether a signed file URL ({@code signature}, {@code signature_expiration} query parameters, as the SDKs'
     * {@code uploadUrl}/{@code downloadUrl} make them) is valid for this path, operation and user under the sandbox's
     * {@code token} ({@link #tokenFor}). The SDKs' signature: {@code v1_} and the unpadded base64 SHA-256 of
     * {@code path:operation:user:token[:expiration]}.
     */
    static boolean signed(
            String token,
            String path,
            String operation,
            String user,
            String signature,
            String expiration,
            long nowEpochSeconds) {
        if (signature == null) {
            return false;
        }
        String raw = path + ":" + operation + ":" + (user == null ? "" : user) + ":" + token;
        if (expiration != null && !expiration.isBlank()) {
            long until;
            try {
                until = Long.parseLong(expiration.trim());
            } catch (NumberFormatException e) {
                return false;
            }
            if (until < nowEpochSeconds) {
                return false;
            }
            raw = raw + ":" + until;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
            String expected =
                    "v1_" + java.util.Base64.getEncoder().encodeToString(digest).replaceAll("=+$", "");
            return MessageDigest.isEqual(
                    expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
