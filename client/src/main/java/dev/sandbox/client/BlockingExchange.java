package dev.sandbox.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSession;

/**
 * Short request-response calls (JSON in, JSON out) made with the JDK's blocking {@link HttpURLConnection}, each on a
 * thread of the client's own pool. For such calls it wakes fewer threads than {@link HttpClient}'s asynchronous
 * machinery, which saves about a millisecond per call, more on a busy machine. Streams, downloads and uploads of
 * files stay on {@link HttpClient}.
 *
 * <p>A request body is sent with a fixed length, so the JDK never silently sends a POST a second time; the JDK's
 * keep-alive cache reuses connections.
 */
final class BlockingExchange implements AutoCloseable {
    /** Bodies up to this size are buffered and sent this way; anything larger goes through {@link HttpClient}. */
    static final long MAX_BODY_BYTES = 1 << 20;

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "HEAD");

    private final Duration connectTimeout;
    private final ExecutorService pool;

    BlockingExchange(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        AtomicInteger threads = new AtomicInteger();
        // As many threads as calls in flight; idle ones end after 30 s.
        this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "sandbox-client-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether this request can go this way: a plain method and a body of known, small size (or none). */
    static boolean suits(HttpRequest request) {
        if (!METHODS.contains(request.method()) || request.expectContinue()) {
            return false;
        }
        long length = request.bodyPublisher()
                .map(HttpRequest.BodyPublisher::contentLength)
                .orElse(0L);
        return length >= 0 && length <= MAX_BODY_BYTES;
    }

    /**
     * Sends the request on a pool thread. The future fails with the {@link IOException} of the transport; a read that
     * outlasts the request's timeout fails with {@link HttpTimeoutException}, as with {@link HttpClient}.
     */
    CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
        CompletableFuture<HttpResponse<String>> result = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    result.complete(exchange(request));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the sandbox client is closed"));
        }
        return result;
    }

    private HttpResponse<String> exchange(HttpRequest request) throws IOException {
        byte[] body = request.bodyPublisher().map(BlockingExchange::bytesOf).orElse(null);
        HttpURLConnection connection = (HttpURLConnection) request.uri().toURL().openConnection();
        try {
            connection.setConnectTimeout(millis(connectTimeout));
            connection.setReadTimeout(
                    request.timeout().map(BlockingExchange::millis).orElse(0));
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestMethod(request.method());
            request.headers()
                    .map()
                    .forEach((name, values) -> values.forEach(value -> connection.addRequestProperty(name, value)));
            if (body != null
                    && (body.length > 0 || (!"GET".equals(request.method()) && !"DELETE".equals(request.method())))) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = connection.getResponseCode();
            String answer;
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                answer = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Answer(status, request, headers(connection), answer);
        } catch (SocketTimeoutException e) {
            connection.disconnect();
            HttpTimeoutException timeout = new HttpTimeoutException("request timed out");
            timeout.initCause(e);
            throw timeout;
        } catch (IOException | RuntimeException e) {
            connection.disconnect();
            throw e;
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
    }

    private static HttpHeaders headers(HttpURLConnection connection) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        connection.getHeaderFields().forEach((name, values) -> {
            // The status line comes back under the name null.
            if (name != null) {
                headers.put(name, values);
            }
        });
        return HttpHeaders.of(headers, (name, value) -> true);
    }

    /** The bytes of a small body publisher (the SDK's JSON bodies are byte arrays, published at once). */
    private static byte[] bytesOf(HttpRequest.BodyPublisher publisher) {
        CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.write(chunk, 0, chunk.length);
            }

            @Override
            public void onError(Throwable error) {
                bytes.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                bytes.complete(out.toByteArray());
            }
        });
        return bytes.join();
    }

    /** Stops taking new calls; calls in flight still finish. */
    @Override
    public void close() {
        pool.shutdown();
    }

    /** A whole answer, read. */
    private record Answer(int statusCode, HttpRequest request, HttpHeaders headers, String body)
            implements HttpResponse<String> {
        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
