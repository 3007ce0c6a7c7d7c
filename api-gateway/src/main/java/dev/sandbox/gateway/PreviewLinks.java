package dev.sandbox.gateway;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPort;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /v1/sandboxes/{id}/preview-token}: a preview token and the preview URLs of every HTTP port. */
final class PreviewLinks {
    private static final Duration DEFAULT_TOKEN_LIFE = Duration.ofHours(1);
    private static final Duration MIN_TOKEN_LIFE = Duration.ofMinutes(1);
    private static final Duration MAX_TOKEN_LIFE = Duration.ofDays(7);

    private final PreviewTokens tokens;
    private final PreviewHosts hosts;

    PreviewLinks(PreviewTokens tokens, PreviewHosts hosts) {
        this.tokens = tokens;
        this.hosts = hosts;
    }

    void issueToken(Context ctx, Sandbox sandbox) {
        Duration life = DEFAULT_TOKEN_LIFE;
        if (ctx.body() != null && !ctx.body().isBlank()) {
            PreviewTokenRequest request = Json.read(ctx.body(), PreviewTokenRequest.class);
            if (request.expiresInSeconds() != null) {
                if (request.expiresInSeconds() < MIN_TOKEN_LIFE.toSeconds()
                        || request.expiresInSeconds() > MAX_TOKEN_LIFE.toSeconds()) {
                    throw ApiException.invalid(
                            "expiresInSeconds",
                            "'expiresInSeconds' must be between " + MIN_TOKEN_LIFE.toSeconds() + " and "
                                    + MAX_TOKEN_LIFE.toSeconds());
                }
                life = Duration.ofSeconds(request.expiresInSeconds());
            }
        }
        String id = sandbox.getMetadata().getName();
        Instant expiresAt = Instant.now().plus(life).truncatedTo(ChronoUnit.SECONDS);
        String token = tokens.issue(id, expiresAt);
        String query = "?" + PreviewAccess.TOKEN_PARAM + "=" + token;
        List<Map<String, Object>> urls = new ArrayList<>();
        for (SandboxPort port : sandbox.getSpec().getPorts()) {
            if (port.getProtocol() != null && !port.getProtocol().equals("http")) {
                continue;
            }
            String hostUrl = hosts.url(id, port);
            Map<String, Object> url = new LinkedHashMap<>();
            url.put("port", port.getInternal());
            url.put("url", hostUrl == null ? null : hostUrl + query);
            url.put("pathUrl", "/v1/sandboxes/" + id + "/ports/" + port.getInternal() + "/" + query);
            urls.add(url);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("expiresAt", expiresAt.toString());
        body.put("urls", urls);
        Json.answer(ctx, 201, body);
    }
}
