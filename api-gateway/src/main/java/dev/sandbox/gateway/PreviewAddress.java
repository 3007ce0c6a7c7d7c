package dev.sandbox.gateway;

/**
 * What a preview request names: a sandbox and one of its ports ({@code 8080-sbx-abc.preview.example.com} or
 * {@code /v1/sandboxes/sbx-abc/ports/8080/}), or a port's own preview subdomain ({@code shop.preview.example.com}).
 *
 * @param sandboxId the sandbox's id, or null for a subdomain
 * @param port the sandbox's internal port, or null for a subdomain
 * @param subdomain the port's preview subdomain, or null
 */
record PreviewAddress(String sandboxId, Integer port, String subdomain) {

    static PreviewAddress ofPort(String sandboxId, int port) {
        return new PreviewAddress(sandboxId, port, null);
    }

    static PreviewAddress ofSubdomain(String subdomain) {
        return new PreviewAddress(null, null, subdomain);
    }

    boolean bySubdomain() {
        return subdomain != null;
    }
}
