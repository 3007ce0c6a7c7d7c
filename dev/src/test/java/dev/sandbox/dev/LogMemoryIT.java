package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sandbox that printed 64 MB, read with {@code tail=all} by four clients at once (one of them slow), costs the
 * process (gateway and node agent in one JVM here) no notable memory, and {@code /healthz} keeps answering throughout.
 * Collected in memory, each answer would hold the whole log several times over (as text and as JSON): four of them
 * would grow the heap by hundreds of megabytes, against the few allowed here.
 */
class LogMemoryIT {
    private static final long LOG_BYTES = 64L * 1024 * 1024;

    @TempDir
    static Path home;

    static DevStack stack;
    static Rest rest;
    static String id;
    static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        stack = DevStack.start(
                DevSettings.forTests(
                        home, "logmem-" + UUID.randomUUID().toString().substring(0, 6)),
                operator -> operator.withLogLimits("100m", 3),
                gateway -> gateway);
        rest = new Rest(stack.gatewayUrl(), stack.apiKey());
        // Lines of 100 bytes, 200 MB in all, then a marker that says the whole log is written.
        Rest.Answer created = rest.post("/v1/sandboxes?wait=true", """
        {"image": "sandbox-busybox:local", "resources": {"memory": "128m"},
         "command": "yes 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789 | head -c %d; echo; echo all-written; sleep 3600"}""".formatted(LOG_BYTES));
        assertThat(created.body().path("phase").asText()).as(created.raw()).isEqualTo("Running");
        id = created.body().get("id").asText();
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(2))
                .until(() ->
                        rest.get("/v1/sandboxes/" + id + "/logs?tail=1").raw().contains("all-written"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static long liveHeap(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Test
    void fourWholeLogReadsAtOnceKeepMemoryFlatAndHealthAnswering() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = liveHeap(memory);
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicLong peak = new AtomicLong(before);
        AtomicLong slowestHealth = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            Future<?> sampler = pool.submit(() -> {
                while (reading.get()) {
                    peak.accumulateAndGet(liveHeap(memory), Math::max);
                    long started = System.nanoTime();
                    HttpResponse<String> health = http.send(
                            HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/healthz"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(health.statusCode()).isEqualTo(200);
                    slowestHealth.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                    Thread.sleep(250);
                }
                return null;
            });
            List<Future<long[]>> reads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                boolean slow = i == 0;
                reads.add(pool.submit(() -> readAll(slow)));
            }
            for (Future<long[]> read : reads) {
                long[] result = read.get();
                assertThat(result[0]).as("bytes of JSON").isGreaterThan(LOG_BYTES);
                assertThat(result[1]).as("the answer ends as JSON").isEqualTo(1);
            }
            reading.set(false);
            sampler.get();
        } finally {
            reading.set(false);
            pool.shutdownNow();
        }
        long grown = peak.get() - before;
        assertThat(grown)
                .as("live heap growth in bytes while four 64 MB logs were read")
                .isLessThan(48L * 1024 * 1024);
        assertThat(slowestHealth.get()).as("slowest /healthz in ms").isLessThan(5_000);
    }

    /** Reads the whole answer (the slow client pauses now and then); returns {bytes, 1 when it ended with "]}"}. */
    private static long[] readAll(boolean slow) throws Exception {
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/sandboxes/" + id + "/logs?tail=all"))
                        .header("Authorization", "Bearer " + stack.apiKey())
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        byte[] last = new byte[2];
        int chunks = 0;
        try (InputStream in = response.body()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (n >= 2) {
                    last[0] = buffer[n - 2];
                    last[1] = buffer[n - 1];
                } else if (n == 1) {
                    last[0] = last[1];
                    last[1] = buffer[0];
                }
                if (slow && ++chunks % 200 == 0) {
                    Thread.sleep(20);
                }
            }
        }
        return new long[] {total, "]}".equals(new String(last, StandardCharsets.US_ASCII)) ? 1 : 0};
    }
}
