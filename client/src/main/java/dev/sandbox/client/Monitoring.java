package dev.sandbox.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a sandbox does: its log, its resource use now and as a stream, and its usage history. Get it with
 * {@link SandboxClient#monitoring()}; {@link SandboxClient} offers the same calls under the same names.
 */
public final class Monitoring extends GatewayCalls {
    Monitoring(Transport transport) {
        super(transport);
    }

    /**
     * Reads the resource-usage history of a sandbox: samples taken after {@code since}, oldest first, at most 1000 per
     * call ({@link UsageHistory#truncated()} then says more follow). Samples are kept for a limited time set on the
     * cluster (7 days by default).
     *
     * @param sandboxId the sandbox id
     * @param since only samples taken after this time; {@code null} for the last hour
     * @return the samples; fails with {@link SandboxNotFoundException} when the sandbox does not exist
     * @throws SandboxValidationException when {@code sandboxId} is blank
     */
    public CompletableFuture<UsageHistory> getUsage(String sandboxId, Instant since) {
        String path = Routes.sandbox(sandboxId) + "/usage"
                + (since == null ? "" : "?since=" + Routes.encode(since.toString()));
        return transport.get(path, UsageHistory.class);
    }

    /**
     * Reads the last lines of a sandbox's log (what its main process wrote), also when it is stopped.
     *
     * @param sandboxId the sandbox id
     * @param tail how many lines, from 0 to 100,000; negative for all
     * @return the lines, oldest first
     */
    public CompletableFuture<List<LogLine>> getLogs(String sandboxId, int tail) {
        return transport.send(
                transport.getRequest(Routes.sandbox(sandboxId) + "/logs?tail=" + tail(tail)), response -> {
                    List<LogLine> lines = new ArrayList<>();
                    for (JsonNode line : transport.readTree(response).path("lines")) {
                        lines.add(logLine(line));
                    }
                    return lines;
                });
    }

    /**
     * Follows a sandbox's log: the last {@code tail} lines, then new ones as they are written, until the sandbox stops
     * or the stream is closed.
     *
     * @param sandboxId the sandbox id
     * @param tail how many earlier lines to start with; negative for all
     * @return the lines as a stream
     */
    public SandboxStream<LogLine> followLogs(String sandboxId, int tail) {
        String path = Routes.sandbox(sandboxId) + "/logs?follow=true&tail=" + tail(tail);
        return transport.events(eventStream(path), (name, data, emit) -> {
            if (name.equals("stdout") || name.equals("stderr")) {
                emit.accept(logLine(transport.json().readTree(data)));
            }
        });
    }

    /**
     * Reads the resource use of a running sandbox (takes about a second).
     *
     * @param sandboxId the sandbox id
     * @return one sample; fails with {@link SandboxOperationException} (409) when the sandbox is not running
     */
    public CompletableFuture<SandboxStats> getStats(String sandboxId) {
        return transport.get(Routes.sandbox(sandboxId) + "/stats", SandboxStats.class);
    }

    /**
     * Streams the resource use of a running sandbox, about one sample a second, until it stops or the stream is
     * closed.
     *
     * @param sandboxId the sandbox id
     * @return the samples as a stream
     */
    public SandboxStream<SandboxStats> streamStats(String sandboxId) {
        return transport.events(eventStream(Routes.sandbox(sandboxId) + "/stats?stream=true"), (name, data, emit) -> {
            if (name.equals("stats")) {
                emit.accept(transport.json().readValue(data, SandboxStats.class));
            }
        });
    }

    private HttpRequest eventStream(String path) {
        return transport
                .request(path, transport.timeout())
                .setHeader("Accept", Transport.EVENT_STREAM)
                .GET()
                .build();
    }

    private static String tail(int tail) {
        return tail < 0 ? "all" : Integer.toString(tail);
    }

    private static LogLine logLine(JsonNode line) {
        String timestamp = line.path("timestamp").asText(null);
        Instant at = null;
        if (timestamp != null) {
            try {
                at = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(timestamp, Instant::from);
            } catch (DateTimeParseException e) {
                // A timestamp this client cannot read is left out rather than failing the call.
            }
        }
        StreamType stream = "stderr".equals(line.path("stream").asText()) ? StreamType.STDERR : StreamType.STDOUT;
        return new LogLine(stream, at, line.path("text").asText());
    }
}
