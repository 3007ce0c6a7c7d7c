package dev.sandbox.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The gateway's paths, built from checked ids: every id becomes exactly one encoded path segment, so nothing a caller
 * passes can reach another route.
 */
final class Routes {
    static final String SANDBOXES = "/v1/sandboxes";
    static final String SNAPSHOTS = "/v1/snapshots";
    static final String TEMPLATES = "/v1/templates";
    static final String NETWORK_VOLUMES = "/v1/network-volumes";
    static final String NETWORK_VOLUME_CLASSES = "/v1/network-volume-classes";
    static final String TENANTS = "/v1/admin/tenants";
    static final String KEYS = "/v1/admin/keys";

    private Routes() {}

    static String sandbox(String sandboxId) {
        if (sandboxId == null || sandboxId.isBlank()) {
            throw new SandboxValidationException("sandbox id is required", "id");
        }
        return SANDBOXES + "/" + encode(sandboxId);
    }

    /** A volume of a sandbox as the file calls see it; {@code workspace} is the sandbox's own. */
    static String sandboxVolume(String sandboxId, String volumeId) {
        return sandbox(sandboxId) + "/volumes/" + encode(Arguments.required(volumeId, "volumeId"));
    }

    static String process(String sandboxId, String processId) {
        return sandbox(sandboxId) + "/processes/" + encode(Arguments.required(processId, "processId"));
    }

    static String snapshot(String snapshotId) {
        if (snapshotId == null || snapshotId.isBlank()) {
            throw new SandboxValidationException("snapshot id is required", "id");
        }
        return SNAPSHOTS + "/" + encode(snapshotId);
    }

    static String template(String name) {
        if (name == null || name.isBlank()) {
            throw new SandboxValidationException("template name is required", "name");
        }
        return TEMPLATES + "/" + encode(name);
    }

    static String networkVolume(String name) {
        return NETWORK_VOLUMES + "/" + volumeSegment(name);
    }

    /** A network volume's name as one path segment. */
    static String volumeSegment(String name) {
        if (name == null || name.isBlank()) {
            throw new SandboxValidationException("volume name is required", "name");
        }
        return encode(name);
    }

    static String tenant(String name) {
        return TENANTS + "/" + encode(Arguments.required(name, "name"));
    }

    /** The {@code path} query parameter of the file calls. */
    static String pathQuery(String path) {
        return "?path=" + encode(path);
    }

    /** Percent-encodes a path segment or query value (a space as {@code %20}, which both places read). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
