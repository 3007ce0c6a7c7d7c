package dev.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox.client.ApiKeyInfo;
import dev.sandbox.client.BlockingSandboxClient;
import dev.sandbox.client.CreateSandboxRequest;
import dev.sandbox.client.SandboxAuthenticationException;
import dev.sandbox.client.SandboxClient;
import dev.sandbox.client.SandboxQuotaExceededException;
import dev.sandbox.client.TenantInfo;
import dev.sandbox.client.TenantLimits;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SDK's administration calls against the real gateway: its models read the real answers. */
@EnableKubernetesMockClient(crud = true)
class TenantAdminSdkIT {
    static KubernetesClient client;
    static GatewayFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new GatewayFixture(client);
    }

    @AfterAll
    static void stop() {
        GatewayFixture.removeSandboxes(client);
        fixture.close();
    }

    private static SandboxClient sdk(String key) {
        return SandboxClient.builder().baseUrl(fixture.url("")).apiKey(key).build();
    }

    @Test
    void tenantsKeysAndQuotasThroughTheSdk() {
        try (SandboxClient admin = sdk(fixture.adminKey)) {
            BlockingSandboxClient blocking = admin.blocking();
            TenantInfo created = blocking.createTenant("sdk-team", new TenantLimits(1, 2.0, "1g", null, 100));
            assertThat(created.limits()).isEqualTo(new TenantLimits(1, 2.0, "1g", null, 100));
            assertThat(blocking.listTenants()).extracting(TenantInfo::name).contains("default", "sdk-team");

            ApiKeyInfo key = blocking.createApiKey("sdk-team", "sdk test");
            assertThat(key.key()).startsWith(key.prefix());
            assertThat(blocking.listApiKeys("sdk-team")).singleElement().satisfies(k -> {
                assertThat(k.id()).isEqualTo(key.id());
                assertThat(k.key()).isNull();
                assertThat(k.admin()).isFalse();
            });

            try (SandboxClient tenant = sdk(key.key())) {
                tenant.blocking()
                        .createSandbox(CreateSandboxRequest.builder()
                                .image("sandbox-busybox:local")
                                .build());
                assertThatThrownBy(() -> tenant.blocking()
                                .createSandbox(CreateSandboxRequest.builder()
                                        .image("sandbox-busybox:local")
                                        .build()))
                        .isInstanceOfSatisfying(
                                SandboxQuotaExceededException.class,
                                e -> assertThat(e.limit()).isEqualTo("sandboxes"));
                assertThatThrownBy(() -> tenant.blocking().listTenants())
                        .isInstanceOf(SandboxAuthenticationException.class);

                TenantInfo raised = blocking.updateTenant("sdk-team", new TenantLimits(5, null, null, null, null));
                assertThat(raised.limits()).isEqualTo(new TenantLimits(5, null, null, null, null));
                assertThat(blocking.getTenant("sdk-team").usage().sandboxes()).isEqualTo(1);

                blocking.revokeApiKey(key.id());
                assertThatThrownBy(() -> tenant.blocking().listSandboxes())
                        .isInstanceOf(SandboxAuthenticationException.class);
            }
            blocking.deleteTenant("sdk-team");
            assertThat(blocking.listTenants()).extracting(TenantInfo::name).doesNotContain("sdk-team");
        }
    }
}
