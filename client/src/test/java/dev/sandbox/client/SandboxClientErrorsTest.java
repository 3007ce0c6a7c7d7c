package dev.sandbox.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.throwable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How error answers, refused connections and timeouts reach the caller, asynchronously and blocking. */
class SandboxClientErrorsTest {

    private FakeGateway gateway;
    private SandboxClient client;

    @BeforeEach
    void start() throws IOException {
        gateway = new FakeGateway();
        client = SandboxClient.builder()
                .baseUrl(gateway.baseUrl())
                .apiKey("sk-test")
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        gateway.close();
    }

    static Stream<Arguments> errorAnswers() {
        return Stream.of(
                Arguments.of(400, "invalid_request", "resources.cpu", SandboxValidationException.class),
                Arguments.of(401, "unauthorized", null, SandboxAuthenticationException.class),
                Arguments.of(403, "forbidden", null, SandboxAuthenticationException.class),
                Arguments.of(404, "not_found", null, SandboxNotFoundException.class),
                Arguments.of(409, "conflict", null, SandboxOperationException.class),
                Arguments.of(422, "unprocessable", "image", SandboxOperationException.class),
                Arguments.of(500, "internal", null, SandboxOperationException.class),
                Arguments.of(503, "unavailable", null, SandboxUnavailableException.class),
                Arguments.of(504, "timeout", null, SandboxTimeoutException.class),
                Arguments.of(409, "volume_in_use", "volumes.data", SandboxVolumeException.class));
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @MethodSource("errorAnswers")
    void errorAnswersBecomeTheMatchingExceptionWithMessageCodeAndField(
            int status, String code, String field, Class<? extends SandboxException> expected) {
        String fieldJson = field == null ? "" : ", \"field\": \"" + field + "\"";
        gateway.reply(
                status,
                "{\"error\": {\"code\": \"" + code + "\", \"message\": \"gateway says " + status + "\"" + fieldJson
                        + "}}");

        assertThatThrownBy(() -> client.blocking().getSandbox("sbx-1"))
                .isExactlyInstanceOf(expected)
                .hasMessage("gateway says " + status)
                .satisfies(e -> {
                    SandboxException error = (SandboxException) e;
                    assertThat(error.status()).isEqualTo(status);
                    assertThat(error.code()).isEqualTo(code);
                    assertThat(error.field()).isEqualTo(field);
                });
    }

    @Test
    void unavailableIsAnOperationException() {
        gateway.reply(503, "{\"error\": {\"code\": \"unavailable\", \"message\": \"docker is down\"}}");

        assertThatThrownBy(() -> client.blocking().listSandboxes()).isInstanceOf(SandboxOperationException.class);
    }

    @Test
    void asyncCallsFailWithTheSdkExceptionAsCause() {
        gateway.reply(404, "{\"error\": {\"code\": \"not_found\", \"message\": \"sandbox sbx-9 not found\"}}");

        assertThatThrownBy(() -> client.getSandbox("sbx-9").join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isExactlyInstanceOf(SandboxNotFoundException.class)
                .hasMessage("sandbox sbx-9 not found");
        assertThatThrownBy(() -> client.deleteSandbox("sbx-9").get())
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isExactlyInstanceOf(SandboxNotFoundException.class);
    }

    @Test
    void blockingFacadeThrowsTheSdkExceptionItself() {
        gateway.reply(409, "{\"error\": {\"code\": \"conflict\", \"message\": \"sandbox is not Running\"}}");

        assertThatThrownBy(() -> client.blocking().executeCommand("sbx-1", "echo hi"))
                .isExactlyInstanceOf(SandboxOperationException.class)
                .hasMessage("sandbox is not Running")
                .hasNoSuppressedExceptions()
                .extracting(e -> ((SandboxException) e).code())
                .isEqualTo("conflict");
    }

    @Test
    void rateLimitCarriesRetryAfterFromTheHeader() {
        gateway.reply(
                429,
                "{\"error\": {\"code\": \"rate_limited\", \"message\": \"slow down\"}}",
                Map.of("Retry-After", "7"));

        assertThatThrownBy(() -> client.blocking().listSandboxes("running"))
                .isExactlyInstanceOf(SandboxRateLimitException.class)
                .hasMessage("slow down")
                .extracting(e -> ((SandboxRateLimitException) e).retryAfter())
                .isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterAlsoReadsHttpDates() {
        Clock now = Clock.fixed(Instant.parse("2026-11-26T15:00:00Z"), ZoneOffset.UTC);

        assertThat(GatewayErrors.retryAfter("Thu, 26 Nov 2026 15:00:30 GMT", now))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(GatewayErrors.retryAfter("Thu, 26 Nov 2026 14:00:00 GMT", now))
                .isEqualTo(Duration.ZERO);
        assertThat(GatewayErrors.retryAfter("soon", now)).isNull();
        assertThat(GatewayErrors.retryAfter(null, now)).isNull();
    }

    @Test
    void errorAnswersWithoutJsonKeepTheStatusAndBody() {
        gateway.reply(502, "<html>Bad Gateway</html>");

        assertThatThrownBy(() -> client.blocking().getSandbox("sbx-1"))
                .isExactlyInstanceOf(SandboxOperationException.class)
                .hasMessage("gateway answered HTTP 502: <html>Bad Gateway</html>")
                .extracting(e -> ((SandboxException) e).status())
                .isEqualTo(502);
    }

    @Test
    void unreadableSuccessAnswerIsReportedNotSwallowed() {
        gateway.reply(200, "not json");

        assertThatThrownBy(() -> client.blocking().getSandbox("sbx-1"))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("unexpected answer to GET")
                .extracting(e -> ((SandboxException) e).status())
                .isEqualTo(200);
    }

    @Test
    void refusedConnectionIsAConnectionException() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (SandboxClient unreachable = SandboxClient.builder()
                .baseUrl("http://127.0.0.1:" + closedPort)
                .build()) {
            assertThatThrownBy(() -> unreachable.blocking().listSandboxes())
                    .isExactlyInstanceOf(SandboxConnectionException.class)
                    .hasMessageContaining("cannot connect to the gateway for GET http://127.0.0.1:" + closedPort)
                    .extracting(e -> ((SandboxException) e).status())
                    .isEqualTo(0);
            assertThat(unreachable.getSandbox("sbx-1"))
                    .failsWithin(10, TimeUnit.SECONDS)
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause()
                    .isExactlyInstanceOf(SandboxConnectionException.class);
        }
    }

    @Test
    void noAnswerWithinTheTimeoutIsATimeoutException() throws Exception {
        gateway.hang();
        try (SandboxClient impatient = SandboxClient.builder()
                .baseUrl(gateway.baseUrl())
                .timeout(Duration.ofMillis(300))
                .build()) {
            assertThatThrownBy(() -> impatient.blocking().getSandbox("sbx-1"))
                    .isExactlyInstanceOf(SandboxTimeoutException.class)
                    .hasMessageContaining("no answer in time to GET")
                    .extracting(Throwable::getCause, throwable(Throwable.class))
                    .isInstanceOf(HttpTimeoutException.class);
        }
        assertThat(gateway.takeRequest().path()).isEqualTo("/v1/sandboxes/sbx-1");
    }

    @Test
    void clientSideValidationNeverReachesTheGateway() {
        assertThatThrownBy(() -> client.blocking().executeCommand("sbx-1", List.of("ls"), Duration.ZERO))
                .isExactlyInstanceOf(SandboxValidationException.class)
                .extracting(e -> ((SandboxException) e).status())
                .isEqualTo(0);
        assertThat(gateway.pendingRequests()).isZero();
    }
}
