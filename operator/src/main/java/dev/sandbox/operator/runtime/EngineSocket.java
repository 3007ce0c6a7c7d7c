package dev.sandbox.operator.runtime;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A raw connection to the Docker engine for one hijacked exec stream, or one plain request docker-java cannot make.
 * docker-java cannot half-close the connection it hijacks, so a command attached to stdin never sees end-of-input
 * (see PITFALLS.md). Speaking the same upgrade protocol as the docker CLI on a socket of our own lets
 * {@link #shutdownOutput()} deliver that end-of-input.
 *
 * <p>Reads and writes go straight to the {@link SocketChannel} (not through {@code Channels.newInputStream}, whose
 * blocking read would hold a lock that writes need), so one thread can read output while another writes stdin.
 */
final class EngineSocket implements Closeable {
    private static final int MAX_HEAD = 16 * 1024;

    private final SocketChannel channel;
    private final ByteBuffer input = ByteBuffer.allocate(64 * 1024).flip();
    private final Object writeLock = new Object();

    private EngineSocket(SocketChannel channel) {
        this.channel = channel;
    }

    /** Connects to {@code unix:///path} or {@code tcp://host:port} (plain TCP; TLS engines are not supported here). */
    static EngineSocket connect(String dockerHost) throws IOException {
        URI uri = URI.create(dockerHost);
        SocketChannel channel;
        if ("unix".equals(uri.getScheme())) {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(uri.getPath()));
        } else if ("tcp".equals(uri.getScheme()) || "http".equals(uri.getScheme())) {
            channel =
                    SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 2375 : uri.getPort()));
        } else {
            throw new IOException("streaming exec needs a unix:// or plain tcp:// Docker host, not " + dockerHost);
        }
        return new EngineSocket(channel);
    }

    /**
     * Sends {@code POST /exec/{id}/start} asking for the connection to be upgraded, and reads the answer's head.
     *
     * @return the HTTP status (101 when the stream follows) and, for other statuses, whatever body came with it
     */
    Answer startExec(String execId, boolean tty) throws IOException {
        String body = "{\"Detach\":false,\"Tty\":" + tty + "}";
        String request = "POST /exec/" + execId + "/start HTTP/1.1\r\n"
                + "Host: docker\r\n"
                + "Content-Type: application/json\r\n"
                + "Connection: Upgrade\r\n"
                + "Upgrade: tcp\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        write(request.getBytes(StandardCharsets.US_ASCII));
        String head = readHead();
        String statusLine = head.substring(0, Math.max(0, head.indexOf("\r\n")));
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("unexpected answer from the Docker engine: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        if (status == 101 || status == 200) {
            return new Answer(status, "");
        }
        int length = contentLength(head);
        byte[] errorBody = new byte[Math.min(Math.max(length, 0), MAX_HEAD)];
        if (length > 0) {
            readFully(errorBody, 0, errorBody.length);
        }
        return new Answer(status, new String(errorBody, StandardCharsets.UTF_8));
    }

    /**
     * A plain {@code GET} of {@code pathAndQuery} over HTTP/1.0, so the engine sends the body unchunked and closes the
     * connection after it; reads at most {@code maxBody} bytes.
     *
     * @return the HTTP status and body
     */
    Answer get(String pathAndQuery, int maxBody) throws IOException {
        write(("GET " + pathAndQuery + " HTTP/1.0\r\nHost: docker\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String head = readHead();
        String statusLine = head.substring(0, Math.max(0, head.indexOf("\r\n")));
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("unexpected answer from the Docker engine: " + statusLine);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (true) {
            if (!input.hasRemaining()) {
                input.clear();
                int n = channel.read(input);
                input.flip();
                if (n < 0) {
                    break;
                }
                continue;
            }
            int length = Math.min(chunk.length, input.remaining());
            input.get(chunk, 0, length);
            body.write(chunk, 0, length);
            if (body.size() > maxBody) {
                throw new IOException(
                        "the Docker engine's answer to GET " + pathAndQuery + " is longer than " + maxBody + " bytes");
            }
        }
        return new Answer(Integer.parseInt(parts[1]), body.toString(StandardCharsets.UTF_8));
    }

    /** Status and error body of the upgrade request. */
    record Answer(int status, String body) {}

    void write(byte[] data) throws IOException {
        synchronized (writeLock) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    /** Ends the command's standard input. */
    void shutdownOutput() throws IOException {
        synchronized (writeLock) {
            channel.shutdownOutput();
        }
    }

    /**
     * Fills {@code target[offset, offset+length)}.
     *
     * @return false when the stream ended before the first byte
     * @throws EOFException when it ended in the middle
     */
    boolean readFully(byte[] target, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            if (!input.hasRemaining()) {
                input.clear();
                int n = channel.read(input);
                input.flip();
                if (n < 0) {
                    if (done == 0) {
                        return false;
                    }
                    throw new EOFException("the Docker engine closed the exec stream in the middle of a frame");
                }
                continue;
            }
            int chunk = Math.min(length - done, input.remaining());
            input.get(target, offset + done, chunk);
            done += chunk;
        }
        return true;
    }

    /**
     * Reads whatever is available, at least one byte, into {@code target}.
     *
     * @return the number of bytes read, or -1 at the end of the stream
     */
    int readSome(byte[] target) throws IOException {
        if (!input.hasRemaining()) {
            input.clear();
            int n = channel.read(input);
            input.flip();
            if (n < 0) {
                return -1;
            }
        }
        int chunk = Math.min(target.length, input.remaining());
        input.get(target, 0, chunk);
        return chunk;
    }

    private String readHead() throws IOException {
        StringBuilder head = new StringBuilder();
        byte[] one = new byte[1];
        while (!(head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n"))) {
            if (!readFully(one, 0, 1)) {
                throw new EOFException("the Docker engine closed the connection before answering");
            }
            head.append((char) (one[0] & 0xff));
            if (head.length() > MAX_HEAD) {
                throw new IOException("the Docker engine's answer head is too long");
            }
        }
        return head.toString();
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                try {
                    return Integer.parseInt(line.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
