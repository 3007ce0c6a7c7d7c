package dev.sandbox.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The output of a running command, line by line with its stream type, as it is produced; see
 * {@link SandboxClient#streamCommand(String, String)}. Iterate it or subscribe to it (once), then read
 * {@link #exit()}. Closing it before the end kills the command.
 *
 * <pre>{@code
 * try (CommandStream output = client.streamCommand(id, "for i in 1 2 3; do echo $i; sleep 1; done")) {
 *   for (OutputLine line : output) {
 *     System.out.println(line.stream() + ": " + line.text());
 *   }
 *   System.out.println("exit code " + output.exit().join().exitCode());
 * }
 * }</pre>
 */
public final class CommandStream extends SandboxStream<OutputLine> {
    private final CompletableFuture<ExecExit> exit = new CompletableFuture<>();
    private final ExecDecoder decoder;

    private CommandStream(Opener opener, ExecDecoder decoder, ObjectMapper json, Clock clock, URI uri) {
        super(opener, decoder, json, clock, "POST", uri);
        this.decoder = decoder;
    }

    static CommandStream open(Opener opener, ObjectMapper json, Clock clock, URI uri) {
        return new CommandStream(opener, new ExecDecoder(json), json, clock, uri);
    }

    /**
     * How the command ended. Completes after the last line was delivered; fails with the stream's
     * {@link SandboxException}, or when the stream was closed first.
     *
     * @return the exit, once known
     */
    public CompletableFuture<ExecExit> exit() {
        return exit;
    }

    @Override
    void onFinished(Throwable error) {
        if (error != null) {
            exit.completeExceptionally(error);
        } else if (decoder.exit != null) {
            exit.complete(decoder.exit);
        } else {
            exit.completeExceptionally(
                    new SandboxOperationException("the command's stream ended without an exit code", null));
        }
    }

    /** Splits each stream's chunks into lines; a partial line waits for its rest or for the exit. */
    private static final class ExecDecoder implements Decoder<OutputLine> {
        private final ObjectMapper json;
        private final StringBuilder stdout = new StringBuilder();
        private final StringBuilder stderr = new StringBuilder();
        private ExecExit exit;

        ExecDecoder(ObjectMapper json) {
            this.json = json;
        }

        @Override
        public boolean complete() {
            return exit != null;
        }

        @Override
        public void event(String name, String data, Consumer<OutputLine> emit) throws IOException {
            JsonNode node = json.readTree(data);
            switch (name) {
                case "stdout" -> lines(stdout, node.path("data").asText(), StreamType.STDOUT, emit);
                case "stderr" -> lines(stderr, node.path("data").asText(), StreamType.STDERR, emit);
                case "exit" -> {
                    rest(stdout, StreamType.STDOUT, emit);
                    rest(stderr, StreamType.STDERR, emit);
                    exit = json.treeToValue(node, ExecExit.class);
                }
                default -> {
                    // Events added by newer gateways are ignored.
                }
            }
        }

        @Override
        public void end(Consumer<OutputLine> emit) {
            rest(stdout, StreamType.STDOUT, emit);
            rest(stderr, StreamType.STDERR, emit);
        }

        private static void lines(StringBuilder pending, String chunk, StreamType type, Consumer<OutputLine> emit) {
            pending.append(chunk);
            int newline;
            while ((newline = pending.indexOf("\n")) >= 0) {
                String line = pending.substring(0, newline);
                pending.delete(0, newline + 1);
                emit.accept(new OutputLine(type, line.endsWith("\r") ? line.substring(0, line.length() - 1) : line));
            }
        }

        private static void rest(StringBuilder pending, StreamType type, Consumer<OutputLine> emit) {
            if (pending.length() > 0) {
                String line = pending.toString();
                pending.setLength(0);
                emit.accept(new OutputLine(type, line));
            }
        }
    }
}
