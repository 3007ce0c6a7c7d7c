package dev.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of the E2B front door: paths, access tokens and signatures, templates, the metadata filter. */
class E2bPartsTest {

    @Test
    void relativePathsStartAtHomeAndOnlyTheWorkspaceIsReachable() {
        assertThat(E2bPaths.absolute("/home/user", "notes/a.txt")).isEqualTo("/home/user/notes/a.txt");
        assertThat(E2bPaths.absolute("/home/user", "/home/user/./x/../y//z/")).isEqualTo("/home/user/y/z");
        assertThat(E2bPaths.absolute("/home/user", "")).isEqualTo("/home/user");
        assertThat(E2bPaths.absolute("/home/user", "../../../etc/passwd")).isEqualTo("/etc/passwd");
        assertThat(E2bPaths.onVolume("/home/user", "/home/user/notes/a.txt")).isEqualTo("notes/a.txt");
        assertThat(E2bPaths.onVolume("/home/user", "/workspace/notes")).isEqualTo("notes");
        assertThat(E2bPaths.onVolume("/home/user", "/home/user")).isEmpty();
        assertThatThrownBy(() -> E2bPaths.onVolume("/home/user", "/etc/passwd"))
                .isInstanceOfSatisfying(
                        RpcException.class, e -> assertThat(e.code()).isEqualTo(ConnectCode.INVALID_ARGUMENT))
                .hasMessageContaining("/etc/passwd");
        assertThatThrownBy(() -> E2bPaths.onVolume("/home/user", "/home/username/x"))
                .isInstanceOf(RpcException.class);
        assertThat(E2bPaths.name("/home/user/a.txt")).isEqualTo("a.txt");
        assertThat(E2bPaths.parent("a/b/c.txt")).isEqualTo("a/b");
        assertThat(E2bPaths.parent("c.txt")).isEmpty();
    }

    @Test
    void accessTokensAreStablePerSandboxAndCheckedInConstantTime() {
        E2bAccessTokens tokens = new E2bAccessTokens("agent-secret");
        String token = tokens.tokenFor("uid-1");
        assertThat(token).hasSize(64).isEqualTo(new E2bAccessTokens("agent-secret").tokenFor("uid-1"));
        assertThat(tokens.tokenFor("uid-2")).isNotEqualTo(token);
        assertThat(new E2bAccessTokens("other-secret").tokenFor("uid-1")).isNotEqualTo(token);
        assertThat(tokens.matches("uid-1", token)).isTrue();
        assertThat(tokens.matches("uid-1", tokens.tokenFor("uid-2"))).isFalse();
        assertThat(tokens.matches("uid-1", null)).isFalse();
    }

    @Test
    void signedFileUrlsAreCheckedAsTheSdksSignThem() {
        // Computed with Node's crypto as the SDK's getSignature does, for token "abc".
        String signature = "v1_hYq+wpPfaFxE3rTDKkNQ2O+wVxs8XDu4p3/0NtcqgWM";
        assertThat(E2bAccessTokens.signed(
                        "abc", "/home/user/a.txt", "read", "user", signature, "2000000000", 1_900_000_000L))
                .isTrue();
        assertThat(E2bAccessTokens.signed(
                        "abc", "/home/user/a.txt", "write", "user", signature, "2000000000", 1_900_000_000L))
                .isFalse();
        assertThat(E2bAccessTokens.signed(
                        "abd", "/home/user/a.txt", "read", "user", signature, "2000000000", 1_900_000_000L))
                .isFalse();
        assertThat(E2bAccessTokens.signed(
                        "abc", "/home/user/a.txt", "read", "user", signature, "2000000000", 2_000_000_001L))
                .as("expired")
                .isFalse();
    }

    @Test
    void templatesComeFromTheTableThenFromImageReferences() {
        E2bTemplates templates = new E2bTemplates("py=sandbox-python:local");
        assertThat(templates.resolve("base")).hasValueSatisfying(t -> {
            assertThat(t.image()).isEqualTo(E2bTemplates.BASE_IMAGE);
            assertThat(t.home()).isEqualTo("/home/user");
        });
        assertThat(templates.resolve("py"))
                .hasValueSatisfying(t -> assertThat(t.image()).isEqualTo("sandbox-python:local"));
        assertThat(templates.resolve("sandbox-busybox:local"))
                .hasValueSatisfying(t -> assertThat(t.home()).isEqualTo("/workspace"));
        assertThat(templates.resolve("no-such-template")).isEmpty();
        assertThatThrownBy(() -> new E2bTemplates("broken")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMetadataFilterIsDecodedAsTheSdksEncodeIt() {
        // What the JS SDK puts in ?metadata= for {"run id": "a&b=c%", "suite": "x"}, after the server's own decoding.
        assertThat(E2bApi.metadataQuery("run%2520id=a%2526b%253Dc%2525&suite=x"))
                .isEqualTo(Map.of("run id", "a&b=c%", "suite", "x"));
        assertThat(E2bApi.metadataQuery(null)).isEmpty();
    }

    @Test
    void connectErrorsCarryTheirHttpStatus() {
        assertThat(new RpcException(ConnectCode.NOT_FOUND, "x").httpStatus()).isEqualTo(404);
        assertThat(new RpcException(ConnectCode.UNAUTHENTICATED, "x").httpStatus())
                .isEqualTo(401);
        assertThat(new RpcException(ConnectCode.DEADLINE_EXCEEDED, "x").httpStatus())
                .isEqualTo(504);
        assertThat(RpcException.from(ApiException.invalid("user", "no root")).code())
                .isEqualTo(ConnectCode.INVALID_ARGUMENT);
        assertThat(RpcException.from(ApiException.notFound("gone")).code()).isEqualTo(ConnectCode.NOT_FOUND);
    }
}
