package dev.sandbox.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Reaching a sandbox's HTTP ports from outside: preview URLs and the tokens that open them to people without an API
 * key. Get it with {@link SandboxClient#previews()}; {@link SandboxClient} offers the same calls under the same names.
 */
public final class Previews extends GatewayCalls {
    Previews(Transport transport) {
        super(transport);
    }

    /**
     * Issues a preview token for a sandbox: it opens the sandbox's HTTP ports to whoever holds it, until it expires.
     *
     * @param sandboxId the sandbox id
     * @param expiresIn how long it is valid, one minute to seven days; {@code null} for one hour
     * @return the token and the preview URLs with it
     */
    public CompletableFuture<PreviewAccess> createPreviewToken(String sandboxId, Duration expiresIn) {
        TokenBody body = new TokenBody(expiresIn == null ? null : expiresIn.toSeconds());
        String path = Routes.sandbox(sandboxId) + "/preview-token";
        return transport.sendJson("POST", path, body, transport.timeout(), PreviewAccess.class);
    }

    /**
     * The path-form preview URL of a sandbox port on this gateway, such as
     * {@code http://localhost:8080/v1/sandboxes/sbx-1/ports/8080/}. Opening it needs the API key (as
     * {@code Authorization}) or a preview token (see {@link #createPreviewToken}), unless the sandbox is public.
     *
     * @param sandboxId the sandbox id
     * @param port the port inside the sandbox
     * @return the URL
     */
    public String previewUrl(String sandboxId, int port) {
        Arguments.port(port);
        return transport.baseUrl() + Routes.sandbox(sandboxId) + "/ports/" + port + "/";
    }

    /** The body of a token request; without a lifetime the gateway's default applies. */
    record TokenBody(Long expiresInSeconds) {}
}
