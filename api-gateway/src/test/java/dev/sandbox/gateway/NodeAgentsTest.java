package dev.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Finding node agents through the ConfigMaps their operators announce, against the in-memory Kubernetes API. */
@EnableKubernetesMockClient(crud = true)
class NodeAgentsTest {
    static KubernetesClient client;
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    static void announce(String namespace, String node, String url, Instant heartbeat) {
        client.configMaps()
                .inNamespace(namespace)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("sandbox-node-" + node)
                        .withNamespace(namespace)
                        .endMetadata()
                        .withData(Map.of("agentUrl", url, "heartbeat", heartbeat.toString()))
                        .build())
                .createOr(existing -> existing.update());
    }

    @Test
    void findsTheAgentInItsOwnNamespaceThenInDefault() {
        announce("sandboxes", "n1", "http://10.0.0.1:7070", NOW.minusSeconds(5));
        announce("default", "n2", "http://10.0.0.2:7070", NOW.minusSeconds(5));
        NodeAgents agents = new NodeAgents(client, "sandboxes", Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(agents.urlFor("n1")).isEqualTo("http://10.0.0.1:7070");
        assertThat(agents.urlFor("n2")).isEqualTo("http://10.0.0.2:7070");
    }

    @Test
    void aMissingOrSilentNodeIsUnavailable() {
        announce("default", "quiet", "http://10.0.0.3:7070", NOW.minusSeconds(120));
        NodeAgents agents = new NodeAgents(client, "default", Clock.fixed(NOW, ZoneOffset.UTC));
        assertThatThrownBy(() -> agents.urlFor("quiet")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.getMessage()).contains("has not reported since");
        });
        assertThatThrownBy(() -> agents.urlFor("nowhere")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.getMessage()).contains("sandbox-node-nowhere");
        });
    }

    @Test
    void answersAreCachedBriefly() {
        announce("default", "cached", "http://10.0.0.4:7070", NOW);
        NodeAgents agents = new NodeAgents(client, "default", Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(agents.urlFor("cached")).isEqualTo("http://10.0.0.4:7070");
        announce("default", "cached", "http://10.0.0.5:7070", NOW);
        assertThat(agents.urlFor("cached")).isEqualTo("http://10.0.0.4:7070");
        agents.forget("cached");
        assertThat(agents.urlFor("cached")).isEqualTo("http://10.0.0.5:7070");
    }
}
