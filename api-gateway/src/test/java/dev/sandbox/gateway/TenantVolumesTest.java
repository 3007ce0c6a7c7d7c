package dev.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox.crd.NetworkVolume;
import dev.sandbox.crd.NetworkVolumeSpec;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxMount;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Volume names per tenant, against the in-memory Kubernetes API. */
@EnableKubernetesMockClient(crud = true)
class TenantVolumesTest {
    static KubernetesClient client;

    /** A namespace of its own per test, so the tests do not see each other's volumes. */
    private static String namespace() {
        return "ns-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static TenantVolumes volumes() {
        return new TenantVolumes(client, namespace());
    }

    private static NetworkVolumeSpec spec() {
        NetworkVolumeSpec spec = new NetworkVolumeSpec();
        spec.setClassName("local");
        return spec;
    }

    @Test
    void resourceNamesAreReadableDnsLabelsThatDifferPerTenant() {
        String a = TenantVolumes.resourceName("team-a", "data", 0);
        assertThat(a).matches("data-[0-9a-f]{10}").isEqualTo(TenantVolumes.resourceName("team-a", "data", 0));
        assertThat(TenantVolumes.resourceName("team-b", "data", 0)).isNotEqualTo(a);
        assertThat(TenantVolumes.resourceName("team-a", "data", 1)).isNotEqualTo(a);
        String longest = "x".repeat(51) + "-" + "y".repeat(11);
        String derived = TenantVolumes.resourceName("team-a", longest, 0);
        assertThat(derived).hasSizeLessThanOrEqualTo(63).matches(TenantVolumes.NAME.pattern());
        // A cut that ends in '-' loses it: still a DNS label.
        assertThat(derived).startsWith("x".repeat(51) + "-").doesNotContain("--");
    }

    @Test
    void twoTenantsHaveAVolumeOfOneNameEachAndSeeOnlyTheirOwn() {
        TenantVolumes volumes = volumes();
        NetworkVolume a = volumes.create("team-a", "data", spec());
        NetworkVolume b = volumes.create("team-b", "data", spec());
        assertThat(a.getMetadata().getName()).isNotEqualTo(b.getMetadata().getName());
        assertThat(a.getMetadata().getLabels())
                .containsEntry(Sandbox.TENANT_LABEL, "team-a")
                .containsEntry(NetworkVolume.DISPLAY_NAME_LABEL, "data");
        assertThat(TenantVolumes.nameOf(a)).isEqualTo("data");
        volumes.create("team-a", "only-a", spec());

        assertThat(volumes.find("team-a", "data").getMetadata().getUid())
                .isEqualTo(a.getMetadata().getUid());
        assertThat(volumes.find("team-b", "data").getMetadata().getUid())
                .isEqualTo(b.getMetadata().getUid());
        assertThat(volumes.find("team-b", "only-a")).isNull();
        // The resource name is not a name the tenant can use: only its own names are.
        assertThat(volumes.find("team-a", a.getMetadata().getName())).isNull();
        assertThat(volumes.list("team-a")).extracting(TenantVolumes::nameOf).containsExactly("data", "only-a");
        assertThat(volumes.list("team-b")).extracting(TenantVolumes::nameOf).containsExactly("data");

        assertThatThrownBy(() -> volumes.create("team-a", "data", spec()))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThatThrownBy(() -> volumes.require("team-b", "only-a")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.getMessage()).isEqualTo("no network volume 'only-a'");
        });
    }

    @Test
    void aResourceNameTakenBySomethingElseMovesToTheNextName() {
        String namespace = namespace();
        TenantVolumes volumes = new TenantVolumes(client, namespace);
        // Another tenant's volume (made with kubectl) that sits on team-a's first resource name.
        NetworkVolume squatter = new NetworkVolume();
        String taken = TenantVolumes.resourceName("team-a", "data", 0);
        squatter.setMetadata(new ObjectMetaBuilder()
                .withName(taken)
                .withNamespace(namespace)
                .withLabels(Map.of(Sandbox.TENANT_LABEL, "team-z"))
                .build());
        squatter.setSpec(spec());
        client.resource(squatter).create();

        NetworkVolume mine = volumes.create("team-a", "data", spec());
        assertThat(mine.getMetadata().getName()).isEqualTo(TenantVolumes.resourceName("team-a", "data", 1));
        assertThat(volumes.find("team-a", "data").getMetadata().getName())
                .isEqualTo(mine.getMetadata().getName());
    }

    @Test
    void aVolumeLabelledForATenantWithoutAVolumeNameIsItsOwnUnderItsResourceName() {
        String namespace = namespace();
        TenantVolumes volumes = new TenantVolumes(client, namespace);
        NetworkVolume applied = new NetworkVolume();
        applied.setMetadata(new ObjectMetaBuilder()
                .withName("shared")
                .withNamespace(namespace)
                .withLabels(Map.of(Sandbox.TENANT_LABEL, "team-a"))
                .build());
        applied.setSpec(spec());
        client.resource(applied).create();

        assertThat(volumes.find("team-a", "shared")).isNotNull();
        assertThat(volumes.find("team-b", "shared")).isNull();
        assertThat(volumes.list("team-a")).extracting(TenantVolumes::nameOf).containsExactly("shared");
        // The owner cannot make a second "shared"; another tenant can.
        assertThatThrownBy(() -> volumes.create("team-a", "shared", spec()))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThat(TenantVolumes.nameOf(volumes.create("team-b", "shared", spec())))
                .isEqualTo("shared");
    }

    @Test
    void aMountShowsTheTenantsName() {
        NetworkVolume volume = volumes().create("team-a", "data", spec());
        SandboxMount mount = TenantVolumes.mount(volume, "/data", null);
        assertThat(mount.volume()).isEqualTo(volume.getMetadata().getName());
        assertThat(TenantVolumes.nameOf(mount)).isEqualTo("data");
        assertThat(TenantVolumes.nameOf(new SandboxMount("applied", "/x", null)))
                .isEqualTo("applied");
    }
}
