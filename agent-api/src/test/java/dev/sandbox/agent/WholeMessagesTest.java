package dev.sandbox.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Messages that arrive in parts reach the listener whole, one at a time, and a broken connection is reported. */
class WholeMessagesTest {
    private final List<String> seen = new ArrayList<>();
    private final Demand ws = new Demand();
    private final WholeMessages relay = new WholeMessages(
            new SocketListener() {
                @Override
                public void onText(String message) {
                    seen.add("text:" + message);
                }

                @Override
                public void onBinary(ByteBuffer data) {
                    byte[] bytes = new byte[data.remaining()];
                    data.get(bytes);
                    seen.add("binary:" + new String(bytes, StandardCharsets.UTF_8));
                }

                @Override
                public void onClose(int status, String reason) {
                    seen.add("close:" + status + ":" + reason);
                }
            },
            "the node");

    @Test
    void partsBecomeOneMessageAndEachPartAsksForMore() {
        relay.onText(ws, "hel", false);
        relay.onText(ws, "lo", true);
        relay.onBinary(ws, ByteBuffer.wrap("ab".getBytes(StandardCharsets.UTF_8)), false);
        relay.onBinary(ws, ByteBuffer.wrap("c".getBytes(StandardCharsets.UTF_8)), true);
        relay.onText(ws, "next", true);
        relay.onClose(ws, 1000, "done");
        assertThat(seen).containsExactly("text:hello", "binary:abc", "text:next", "close:1000:done");
        assertThat(ws.requested).isEqualTo(5);
    }

    @Test
    void aBrokenConnectionClosesWithTheBrokenStatusAndSaysWhere() {
        relay.onError(ws, new IOException("reset by peer"));
        assertThat(seen).containsExactly("close:1006:connection to the node broke: reset by peer");
        assertThat(WholeMessages.BROKEN).isEqualTo(1006);
    }

    /** Counts how many messages were asked for; nothing is ever sent. */
    private static final class Demand implements WebSocket {
        int requested;

        @Override
        public void request(long n) {
            requested += (int) n;
        }

        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getSubprotocol() {
            return "";
        }

        @Override
        public boolean isOutputClosed() {
            return false;
        }

        @Override
        public boolean isInputClosed() {
            return false;
        }

        @Override
        public void abort() {}
    }
}
