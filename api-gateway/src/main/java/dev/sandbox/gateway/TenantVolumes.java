package dev.sandbox.gateway;

import dev.sandbox.crd.NetworkVolume;
import dev.sandbox.crd.NetworkVolumeSpec;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxMount;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Network volumes as their tenant names them. Every tenant has a name space of its own: two tenants may both call a
 * volume {@code data}, and nothing one tenant asks for tells it about another's volumes. The NetworkVolume resource of
 * a volume made here is called {@code <name>-<10 hex digits>} (the digits hash the tenant and the name, so the name is
 * readable in kubectl and never clashes) and carries the labels {@link Sandbox#TENANT_LABEL} and
 * {@link NetworkVolume#DISPLAY_NAME_LABEL}; volumes are looked up by those labels, never by the resource name.
 * A NetworkVolume written with kubectl that carries a tenant's label but no name label is that tenant's under its
 * resource name (so are volumes made before names were per tenant).
 */
final class TenantVolumes {
    /** A name a tenant may give a volume: a DNS label, so it also fits a label value and a mount's display name. */
    static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
    /** How many hex digits of the hash end a resource name: 40 bits, and a clash still only moves to the next name. */
    private static final int HASH_DIGITS = 10;
    /** The readable part of a resource name, so that with '-' and the digits it stays a 63-character DNS label. */
    private static final int PREFIX_LENGTH = 63 - 1 - HASH_DIGITS;
    /** Resource names tried for one volume when a name is already taken by a volume that is not this one. */
    private static final int ATTEMPTS = 5;

    private final KubernetesClient client;
    private final String namespace;

    TenantVolumes(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** The tenant's volume that it calls {@code name}, or null (also for a name no volume can have). */
    NetworkVolume find(String tenant, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return null;
        }
        List<NetworkVolume> labelled = KubeCalls.call(() -> client.resources(NetworkVolume.class)
                .inNamespace(namespace)
                .withLabels(Map.of(Sandbox.TENANT_LABEL, tenant, NetworkVolume.DISPLAY_NAME_LABEL, name))
                .list()
                .getItems());
        if (!labelled.isEmpty()) {
            // Two only when someone copied the labels with kubectl: the oldest is the one the tenant made.
            return labelled.stream()
                    .min(Comparator.comparing((NetworkVolume v) ->
                                    String.valueOf(v.getMetadata().getCreationTimestamp()))
                            .thenComparing(v -> v.getMetadata().getName()))
                    .orElseThrow();
        }
        NetworkVolume byResourceName = KubeCalls.call(() -> client.resources(NetworkVolume.class)
                .inNamespace(namespace)
                .withName(name)
                .get());
        return byResourceName != null && ownedUnderResourceName(byResourceName, tenant) ? byResourceName : null;
    }

    /** The tenant's volume, or 404 worded the same whether nobody or another tenant has a volume of that name. */
    NetworkVolume require(String tenant, String name) {
        NetworkVolume volume = find(tenant, name);
        if (volume == null) {
            throw new ApiException(404, "not_found", "no network volume '" + Errors.quoted(name) + "'", null);
        }
        return volume;
    }

    /** Every volume of the tenant, by the tenant's names. */
    List<NetworkVolume> list(String tenant) {
        return KubeCalls.call(() -> client.resources(NetworkVolume.class)
                        .inNamespace(namespace)
                        .withLabel(Sandbox.TENANT_LABEL, tenant)
                        .list()
                        .getItems())
                .stream()
                .sorted(Comparator.comparing((NetworkVolume v) -> nameOf(v))
                        .thenComparing(v -> v.getMetadata().getName()))
                .toList();
    }

    /**
     * Creates the tenant's volume {@code name}; 409 only when this tenant has a volume of that name already. A resource
     * name taken by anything else (another tenant's volume in a hash clash, a kubectl user's volume) moves on to the next
     * derived name, so the answer never depends on what others have.
     */
    NetworkVolume create(String tenant, String name, NetworkVolumeSpec spec) {
        if (find(tenant, name) != null) {
            throw alreadyExists(name);
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            NetworkVolume volume = new NetworkVolume();
            volume.setMetadata(new ObjectMetaBuilder()
                    .withName(resourceName(tenant, name, attempt))
                    .withNamespace(namespace)
                    .withLabels(Map.of(Sandbox.TENANT_LABEL, tenant, NetworkVolume.DISPLAY_NAME_LABEL, name))
                    .build());
            volume.setSpec(spec);
            try {
                return KubeCalls.call(() -> client.resource(volume).create());
            } catch (ApiException e) {
                if (e.status() != 409) {
                    throw e;
                }
                // Taken: by this tenant's own volume (a create running at the same time), or by something that is not
                // ours.
                if (find(tenant, name) != null) {
                    throw alreadyExists(name);
                }
            }
        }
        throw ApiException.unavailable("the network volume could not be given a resource name; try again shortly");
    }

    private static ApiException alreadyExists(String name) {
        return ApiException.conflict("you have a network volume named '" + name + "' already");
    }

    /** The name the tenant knows the volume by. */
    static String nameOf(NetworkVolume volume) {
        Map<String, String> labels = volume.getMetadata().getLabels();
        String shown = labels == null ? null : labels.get(NetworkVolume.DISPLAY_NAME_LABEL);
        return shown != null ? shown : volume.getMetadata().getName();
    }

    /** The name a mount shows its tenant: the volume's name in the REST API, or for one set with kubectl its resource name. */
    static String nameOf(SandboxMount mount) {
        return mount.displayName() != null ? mount.displayName() : mount.volume();
    }

    /** A mount of the tenant's volume, remembering the tenant's name for it. */
    static SandboxMount mount(NetworkVolume volume, String mountPath, Boolean readOnly) {
        return new SandboxMount(volume.getMetadata().getName(), mountPath, readOnly, nameOf(volume));
    }

    /**
     * The NetworkVolume resource name of the tenant's volume {@code name}: the name (cut to 52 characters) and 10 hex
     * digits of SHA-256 over tenant and name; a later attempt hashes the attempt number too.
     */
    static String resourceName(String tenant, String name, int attempt) {
        String prefix = name.length() <= PREFIX_LENGTH ? name : name.substring(0, PREFIX_LENGTH);
        while (prefix.endsWith("-")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        // A NUL between the parts: neither a tenant nor a volume name can contain one, so no two pairs hash the same
        // text.
        String hashed = tenant + '\0' + name + (attempt == 0 ? "" : "\0" + attempt);
        String digits = HexFormat.of().formatHex(sha256(hashed)).substring(0, HASH_DIGITS);
        return prefix + "-" + digits;
    }

    private static boolean ownedUnderResourceName(NetworkVolume volume, String tenant) {
        return TenantLabel.ownedBy(volume, tenant)
                && volume.getMetadata().getLabels().get(NetworkVolume.DISPLAY_NAME_LABEL) == null;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
