package dev.sandbox.operator.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity of an installation (one cluster, or one dev-mode state directory): a random id kept in the ConfigMap
 * {@value #CONFIG_MAP} (key {@value #KEY}) of the system namespace. Every operator of the cluster reads the same id, and
 * every Docker object they make carries it as the label {@code sandbox.dev/installation}; a second installation on the
 * same Docker engine (dev mode beside the tests, two clusters' nodes on one host) has another id and never touches
 * those objects.
 */
public final class InstallationIdentity {
    public static final String CONFIG_MAP = "sandbox-installation";
    public static final String KEY = "id";
    /** What an id may look like: it becomes a Docker label value and appears in log lines. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private static final Logger log = LoggerFactory.getLogger(InstallationIdentity.class);

    private InstallationIdentity() {}

    /** A new random id. */
    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Whether {@code id} can serve as an installation id (letters, digits, {@code . _ -}, at most 63 characters). */
    public static boolean valid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /**
     * The installation id kept in the cluster, created when none is there yet. Two operators starting at once both try
     * to create it; the API server lets one win and the other reads the winner's id.
     *
     * @param proposed id to store when the cluster has none yet (null: a random one)
     */
    public static String resolve(KubernetesClient client, String namespace, String proposed) {
        for (int attempt = 0; attempt < 3; attempt++) {
            ConfigMap existing = client.configMaps()
                    .inNamespace(namespace)
                    .withName(CONFIG_MAP)
                    .get();
            if (existing != null) {
                String id =
                        existing.getData() == null ? null : existing.getData().get(KEY);
                if (!valid(id)) {
                    throw new IllegalStateException(
                            "ConfigMap " + namespace + "/" + CONFIG_MAP + " holds no valid installation id in key '"
                                    + KEY + "' (found " + id + "); fix or delete it");
                }
                return id;
            }
            String id = proposed == null ? newId() : proposed;
            try {
                client.configMaps()
                        .inNamespace(namespace)
                        .resource(new ConfigMapBuilder()
                                .withNewMetadata()
                                .withName(CONFIG_MAP)
                                .withNamespace(namespace)
                                .withLabels(Map.of("app.kubernetes.io/managed-by", "sandbox-operator"))
                                .endMetadata()
                                .withData(Map.of(KEY, id))
                                .build())
                        .create();
                log.info("this installation's id is {} (new; kept in ConfigMap {}/{})", id, namespace, CONFIG_MAP);
                return id;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                // Another operator created it a moment ago: read theirs.
            }
        }
        throw new IllegalStateException("cannot read or create ConfigMap " + namespace + "/" + CONFIG_MAP);
    }
}
