package dev.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox.crd.SandboxPort;
import org.junit.jupiter.api.Test;

class PreviewHostsTest {
    private final PreviewHosts hosts = new PreviewHosts("https://preview.example.com:8443");

    @Test
    void aPortLabelNamesTheSandboxAndPort() {
        assertThat(hosts.parse("8080-sbx-abc123.preview.example.com:8443"))
                .isEqualTo(PreviewAddress.ofPort("sbx-abc123", 8080));
        assertThat(hosts.parse("8080-SBX-ABC123.Preview.Example.com"))
                .isEqualTo(PreviewAddress.ofPort("sbx-abc123", 8080));
    }

    @Test
    void anyOtherSingleLabelIsASubdomain() {
        PreviewAddress address = hosts.parse("shop.preview.example.com");
        assertThat(address.bySubdomain()).isTrue();
        assertThat(address).isEqualTo(PreviewAddress.ofSubdomain("shop"));
    }

    @Test
    void otherHostsAreNoPreviews() {
        assertThat(hosts.parse("preview.example.com")).isNull();
        assertThat(hosts.parse("a.b.preview.example.com")).isNull();
        assertThat(hosts.parse("api.example.com")).isNull();
        assertThat(hosts.parse(null)).isNull();
        assertThat(new PreviewHosts(null).parse("8080-sbx-abc.preview.example.com"))
                .isNull();
    }

    @Test
    void urlsUseTheSubdomainWhenThePortHasOne() {
        SandboxPort plain = new SandboxPort();
        plain.setInternal(8080);
        SandboxPort named = new SandboxPort();
        named.setInternal(3000);
        named.setSubdomain("shop");
        assertThat(hosts.url("sbx-abc", plain)).isEqualTo("https://8080-sbx-abc.preview.example.com:8443/");
        assertThat(hosts.url("sbx-abc", named)).isEqualTo("https://shop.preview.example.com:8443/");
        assertThat(new PreviewHosts(" ").url("sbx-abc", plain)).isNull();
    }
}
