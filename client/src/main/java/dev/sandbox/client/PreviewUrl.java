package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Where one HTTP port of a sandbox can be opened with a preview token.
 *
 * @param port the port inside the sandbox
 * @param url the host-form URL with the token, such as {@code https://8080-sbx-1.preview.example.com/?sandbox_token=...};
 *     {@code null} when the gateway has no preview domain
 * @param pathUrl the path-form URL with the token, relative to the gateway, such as
 *     {@code /v1/sandboxes/sbx-1/ports/8080/?sandbox_token=...}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PreviewUrl(int port, String url, String pathUrl) {}
