package dev.sandbox.gateway;

import dev.sandbox.crd.SandboxPort;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host form of preview URLs under the configured preview domain: {@code {port}-{sandboxId}.{domain}}, or
 * {@code {subdomain}.{domain}} for a port with a subdomain of its own. Without a preview domain there is no host form.
 */
final class PreviewHosts {
    private static final Pattern HOST_LABEL = Pattern.compile("^([0-9]{1,5})-([a-z0-9][-a-z0-9]{0,61}[a-z0-9])$");

    private final URI previewBase;

    /** @param previewUrl the preview domain as a URL ({@code https://preview.example.com}), or null or blank for none */
    PreviewHosts(String previewUrl) {
        this.previewBase = previewUrl == null || previewUrl.isBlank() ? null : URI.create(previewUrl);
    }

    /** What a request's {@code Host} header names, or null when it is not a preview host. */
    PreviewAddress parse(String hostHeader) {
        if (previewBase == null || hostHeader == null) {
            return null;
        }
        String host = hostHeader.toLowerCase(Locale.ROOT).replaceFirst(":[0-9]+$", "");
        String suffix = "." + previewBase.getHost().toLowerCase(Locale.ROOT);
        if (!host.endsWith(suffix)) {
            return null;
        }
        String label = host.substring(0, host.length() - suffix.length());
        if (label.isEmpty() || label.contains(".")) {
            return null;
        }
        Matcher m = HOST_LABEL.matcher(label);
        return m.matches()
                ? PreviewAddress.ofPort(m.group(2), Integer.parseInt(m.group(1)))
                : PreviewAddress.ofSubdomain(label);
    }

    /** The host-form URL of a sandbox's port, or null when no preview domain is configured. */
    String url(String sandboxId, SandboxPort port) {
        if (previewBase == null) {
            return null;
        }
        String label = port.getSubdomain() != null ? port.getSubdomain() : port.getInternal() + "-" + sandboxId;
        return previewBase.getScheme() + "://" + label + "." + previewBase.getHost()
                + (previewBase.getPort() > 0 ? ":" + previewBase.getPort() : "") + "/";
    }
}
