package dev.sandbox.gateway;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.db.ApiKeys;

/**
 * Who may use a sandbox's preview: the owner's API key, a preview token for the sandbox (query parameter, header or
 * cookie), or anyone when the sandbox is public. Refusals are worded so that ids and subdomains cannot be probed
 * without a key.
 */
final class PreviewAccess {
    static final String TOKEN_PARAM = "sandbox_token";
    static final String TOKEN_COOKIE = "sandbox_preview_token";
    static final String TOKEN_HEADER = "X-Sandbox-Preview-Token";

    private final Authenticator auth;
    private final PreviewTokens tokens;

    PreviewAccess(Authenticator auth, PreviewTokens tokens) {
        this.auth = auth;
        this.tokens = tokens;
    }

    /**
     * Checks access to the sandbox's preview.
     *
     * @param authorization the request's {@code Authorization} header, or null
     * @param presentedTokens the preview tokens the request carried (nulls for the places it did not)
     * @return whether access came from an API key (which must then not travel on to the app)
     */
    boolean authorize(Sandbox sandbox, String authorization, String... presentedTokens) {
        String id = sandbox.getMetadata().getName();
        if (carriesApiKey(authorization)) {
            if (!TenantLabel.ownedBy(sandbox, auth.tenant(authorization))) {
                throw ApiException.notFound("no sandbox '" + id + "'");
            }
            return true;
        }
        for (String token : presentedTokens) {
            if (token != null && tokens.verify(token).filter(id::equals).isPresent()) {
                return false;
            }
        }
        if (SandboxService.isPublic(sandbox)) {
            return false;
        }
        throw noAccess(presentedTokens);
    }

    /**
     * The answer for a sandbox or subdomain that does not exist: 404 only for a caller with a valid API key (who could
     * list their sandboxes anyway); anyone else gets the very 401 a real sandbox would give.
     */
    ApiException unknown(String notFound, String authorization, String... presentedTokens) {
        if (carriesApiKey(authorization)) {
            // Throws the 401 of an unknown or revoked key.
            auth.tenant(authorization);
            return ApiException.notFound(notFound);
        }
        return noAccess(presentedTokens);
    }

    private static boolean carriesApiKey(String authorization) {
        return authorization != null
                && authorization.startsWith("Bearer ")
                && ApiKeys.KEY_FORMAT.matcher(authorization.substring(7).trim()).matches();
    }

    /** The 401 of a request without a usable key or token; its words depend only on what the request carried. */
    private static ApiException noAccess(String... presentedTokens) {
        boolean expired = false;
        for (String token : presentedTokens) {
            expired |= token != null;
        }
        return ApiException.unauthorized(
                expired
                        ? "the preview token is invalid or has expired; ask for a new one"
                        : "this preview needs the sandbox owner's API key or a preview token (?" + TOKEN_PARAM
                                + "=...)");
    }
}
