package dev.sandbox.dev.kube;

/**
 * One request the embedded API server received, as tests that check access rights need it.
 *
 * @param method HTTP method
 * @param path path with its query string, e.g. {@code /apis/sandbox.dev/v1alpha1/sandboxes?watch=true}
 * @param bearerToken the token of the {@code Authorization: Bearer} header, or null (the server itself checks none)
 */
public record ApiRequest(String method, String path, String bearerToken) {}
