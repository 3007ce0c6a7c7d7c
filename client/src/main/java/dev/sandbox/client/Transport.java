package dev.sandbox.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The one way every part of the SDK talks to the gateway: builds requests (base URL, API key, timeouts), sends them
 * (short JSON calls through {@link BlockingExchange}, streams and large bodies through {@link HttpClient}), turns
 * error answers and transport failures into SDK exceptions, and reads answers with the one JSON mapper.
 */
final class Transport implements AutoCloseable {

    /**
     * How long the gateway itself may hold a request open when no limit is sent: its default for
     * {@code waitTimeoutSeconds} and for exec {@code timeoutSeconds}. Added to the client timeout for such requests so
     * the client does not give up before the gateway answers.
     */
    static final Duration GATEWAY_DEFAULT_WAIT = Duration.ofSeconds(60);

    /** Uploads and whole-file reads may take a while: the answer comes only after the whole body went through. */
    static final Duration TRANSFER_TIMEOUT = Duration.ofHours(1);

    static final String EVENT_STREAM = "text/event-stream";
    static final String OCTET_STREAM = "application/octet-stream";
    private static final String JSON = "application/json";
    private static final String USER_AGENT = "sandbox-java-client";
    /** How much of an error answer to a streamed download is read to describe the error. */
    private static final int MAX_ERROR_BYTES = 64 * 1024;

    private final String baseUrl;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient http;
    private final BlockingExchange exchange;
    private final ObjectMapper json = SandboxJson.newMapper();
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean closed = new AtomicBoolean();

    Transport(String baseUrl, String apiKey, Duration timeout) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.timeout = timeout;
        // HTTP/1.1: the gateway speaks it, and it avoids the h2c upgrade dance on plain http.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.exchange = new BlockingExchange(timeout);
    }

    String baseUrl() {
        return baseUrl;
    }

    ObjectMapper json() {
        return json;
    }

    /** The client's timeout for a call the gateway answers at once. */
    Duration timeout() {
        return timeout;
    }

    /** The client's timeout plus what the gateway may wait on purpose ({@code wait=true}, exec without a limit). */
    Duration waiting() {
        return timeout.plus(GATEWAY_DEFAULT_WAIT);
    }

    /** A request with the base URL, the key and the headers every call carries. */
    HttpRequest.Builder request(String path, Duration requestTimeout) {
        ensureOpen();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(requestTimeout)
                .header("Accept", JSON)
                .header("User-Agent", USER_AGENT);
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    /** A GET with the client's timeout. */
    HttpRequest getRequest(String path) {
        return request(path, timeout).GET().build();
    }

    /** A DELETE with the given timeout. */
    HttpRequest deleteRequest(String path, Duration requestTimeout) {
        return request(path, requestTimeout).DELETE().build();
    }

    /** A request whose body is {@code value} as JSON, such as {@code POST} or {@code PUT}. */
    HttpRequest jsonRequest(String method, String path, Object value, Duration requestTimeout) {
        return request(path, requestTimeout)
                .header("Content-Type", JSON)
                .method(method, body(value))
                .build();
    }

    /** GETs one JSON object of {@code type}. */
    <T> CompletableFuture<T> get(String path, Class<T> type) {
        return call(getRequest(path), type);
    }

    /** GETs a list of {@code type} from the answer's {@code items}. */
    <T> CompletableFuture<List<T>> getItems(String path, Class<T> type) {
        return callForItems(getRequest(path), type);
    }

    /** DELETEs with the client's timeout; the answer carries nothing the caller needs. */
    CompletableFuture<Void> delete(String path) {
        return callForNothing(deleteRequest(path, timeout));
    }

    /** Sends {@code value} as JSON with {@code method} and reads the answer as one JSON object of {@code type}. */
    <T> CompletableFuture<T> sendJson(
            String method, String path, Object value, Duration requestTimeout, Class<T> type) {
        return call(jsonRequest(method, path, value, requestTimeout), type);
    }

    /** A request without a body that still says it speaks JSON (the lifecycle calls). */
    HttpRequest emptyPost(String path, Duration requestTimeout) {
        return request(path, requestTimeout)
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
    }

    /** Sends a request whose 2xx answer is one JSON object of {@code type}. */
    <T> CompletableFuture<T> call(HttpRequest request, Class<T> type) {
        return send(request, response -> read(response, type));
    }

    /** Sends a request whose 2xx answer carries a list of {@code type} in its {@code items} field. */
    <T> CompletableFuture<List<T>> callForItems(HttpRequest request, Class<T> type) {
        return send(request, response -> {
            JsonNode items = readTree(response).path("items");
            return items.isMissingNode() || items.isNull()
                    ? List.of()
                    : convert(response, () -> json.readerForListOf(type).readValue(items));
        });
    }

    /** Sends a request whose 2xx answer carries nothing the caller needs. */
    CompletableFuture<Void> callForNothing(HttpRequest request) {
        return send(request, response -> null);
    }

    /** Sends the request; maps error answers and transport failures to SDK exceptions, and parses 2xx answers. */
    <T> CompletableFuture<T> send(HttpRequest request, Function<HttpResponse<String>, T> parse) {
        CompletableFuture<HttpResponse<String>> answer = BlockingExchange.suits(request)
                ? exchange.send(request)
                : http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return settle(request, answer, response -> GatewayErrors.fromResponse(response, json, clock), parse);
    }

    /** Sends a request whose answer is raw bytes (or, on error, the gateway's JSON error). */
    CompletableFuture<byte[]> sendForBytes(HttpRequest request) {
        return settle(
                request,
                http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()),
                response -> GatewayErrors.fromAnswer(
                        response.statusCode(),
                        new String(response.body(), StandardCharsets.UTF_8),
                        response.headers(),
                        json,
                        clock),
                HttpResponse::body);
    }

    /** Sends a request whose answer is streamed; the caller reads and closes the stream. */
    CompletableFuture<InputStream> sendForStream(HttpRequest request) {
        return settle(
                request,
                http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()),
                response -> {
                    try (InputStream in = response.body()) {
                        return GatewayErrors.fromAnswer(
                                response.statusCode(),
                                new String(in.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8),
                                response.headers(),
                                json,
                                clock);
                    }
                },
                HttpResponse::body);
    }

    /** Reads a non-2xx answer into the SDK's exception for it. */
    @FunctionalInterface
    private interface ErrorReader<B> {
        SandboxException read(HttpResponse<B> response) throws IOException;
    }

    /**
     * The outcome of an exchange: a transport failure or a non-2xx answer as the SDK's exception, a 2xx answer parsed.
     * The returned future is settled by hand (not derived with handle or thenApply) so that it fails with the SDK's
     * exception itself, not wrapped in a CompletionException, which callers of the async API match on. The callback
     * settles it on every path, so the stage that whenComplete returns carries nothing and is not kept.
     */
    @SuppressWarnings("FutureReturnValueIgnored")
    private <B, T> CompletableFuture<T> settle(
            HttpRequest request,
            CompletableFuture<HttpResponse<B>> answer,
            ErrorReader<B> errors,
            Function<HttpResponse<B>, T> parse) {
        CompletableFuture<T> result = new CompletableFuture<>();
        answer.whenComplete((response, error) -> {
            try {
                if (error != null) {
                    result.completeExceptionally(GatewayErrors.fromTransport(error, request.method(), request.uri()));
                } else if (response.statusCode() / 100 != 2) {
                    result.completeExceptionally(errors.read(response));
                } else {
                    result.complete(parse.apply(response));
                }
            } catch (IOException e) {
                result.completeExceptionally(GatewayErrors.fromTransport(e, request.method(), request.uri()));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * A stream of server-sent events that opens only when iterated or subscribed to; {@code decoder} turns each event
     * into items.
     */
    <T> SandboxStream<T> events(HttpRequest request, SandboxStream.Decoder<T> decoder) {
        return new SandboxStream<>(opener(request), decoder, json, clock, request.method(), request.uri());
    }

    /** The output of a streamed command, opened only when iterated or subscribed to. */
    CommandStream commandStream(HttpRequest request) {
        return CommandStream.open(opener(request), json, clock, request.uri());
    }

    /** Opens the gateway's WebSocket exec at {@code path} with the exec request {@code body}. */
    CompletableFuture<InteractiveCommand> interactive(
            String path, ObjectNode body, String sandboxId, InteractiveListener listener) {
        ensureOpen();
        URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + path);
        return InteractiveCommand.open(http, uri, apiKey, body, sandboxId, listener, json, clock, timeout);
    }

    private SandboxStream.Opener opener(HttpRequest request) {
        return () -> http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    HttpRequest.BodyPublisher body(Object value) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new SandboxException("cannot write the request as JSON: " + e.getOriginalMessage(), e);
        }
    }

    <T> T read(HttpResponse<String> response, Class<T> type) {
        JsonNode node = readTree(response);
        return convert(response, () -> json.treeToValue(node, type));
    }

    JsonNode readTree(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw unexpectedAnswer(response, e);
        }
    }

    /** A mapping of an answer's JSON to the SDK's types. */
    @FunctionalInterface
    private interface JsonMapping<T> {
        T map() throws IOException;
    }

    private static <T> T convert(HttpResponse<String> response, JsonMapping<T> mapping) {
        try {
            return mapping.map();
        } catch (IOException | IllegalArgumentException e) {
            throw unexpectedAnswer(response, e);
        }
    }

    private static SandboxException unexpectedAnswer(HttpResponse<String> response, Exception cause) {
        return new SandboxException(
                "unexpected answer to " + response.request().method() + " " + response.uri() + ": "
                        + cause.getMessage(),
                response.statusCode(),
                null,
                null,
                cause);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the sandbox client is closed");
        }
    }

    /** Later calls throw {@link IllegalStateException}; requests already sent still complete. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        exchange.close();
        if (http instanceof AutoCloseable closeable) {
            // From Java 21 on, HttpClient is AutoCloseable and releases its threads here; on Java 17 they end once the
            // client is unreachable.
            try {
                closeable.close();
            } catch (Exception e) {
                // Nothing left to release that the caller could act on.
            }
        }
    }
}
