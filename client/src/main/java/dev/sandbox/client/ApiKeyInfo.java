package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An API key as the administration API reports it.
 *
 * @param id the key's id, used to revoke it
 * @param tenant the tenant it belongs to
 * @param name a name to tell keys apart, such as {@code ci}
 * @param prefix the key's first characters
 * @param admin whether it may use the administration API
 * @param createdAt when it was created (RFC 3339)
 * @param lastUsedAt when it was last used, or {@code null}
 * @param revokedAt when it was revoked, or {@code null} while it works
 * @param key the key itself: only in the answer to {@link SandboxClient#createApiKey(String, String)}, {@code null}
 *     everywhere else (only its hash is stored)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiKeyInfo(
        long id,
        String tenant,
        String name,
        String prefix,
        boolean admin,
        String createdAt,
        String lastUsedAt,
        String revokedAt,
        String key) {}
