package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * A signed preview token and the URLs it opens: anyone holding it reaches the sandbox's HTTP ports until it expires,
 * without an API key (a browser keeps it in a cookie after the first visit).
 *
 * @param token the token, sent as {@code ?sandbox_token=}, header {@code X-Sandbox-Preview-Token} or cookie
 *     {@code sandbox_preview_token}
 * @param expiresAt when it stops working
 * @param urls one entry per HTTP port of the sandbox
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PreviewAccess(String token, @JsonTimestamp Instant expiresAt, List<PreviewUrl> urls) {}
