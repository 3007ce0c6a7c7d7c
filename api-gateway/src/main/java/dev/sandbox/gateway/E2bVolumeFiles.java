package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The node agent's file API on a sandbox's workspace volume, as the E2B front door uses it: listing, directories,
 * rename, delete, read and write. Errors of the node come back as {@link ApiException}s with its status and message.
 */
final class E2bVolumeFiles {
    private static final String VOLUME = "/volumes/workspace";

    private final NodeProxy nodes;

    E2bVolumeFiles(NodeProxy nodes) {
        this.nodes = nodes;
    }

    /** One entry of a directory as the node reports it. */
    record Entry(String name, String type, long size, int mode, String modifiedAt) {}

    List<Entry> list(SandboxTarget target, String path) {
        JsonNode answer = json(target, "GET", VOLUME + "/files", "path=" + encode(path), null);
        List<Entry> entries = new ArrayList<>();
        for (JsonNode e : answer.path("entries")) {
            int mode;
            try {
                mode = Integer.parseInt(e.path("mode").asText("0"), 8);
            } catch (NumberFormatException notOctal) {
                mode = 0;
            }
            entries.add(new Entry(
                    e.path("name").asText(),
                    e.path("type").asText("other"),
                    e.path("size").asLong(),
                    mode,
                    e.path("modifiedAt").asText(null)));
        }
        return entries;
    }

    /** Creates the directory and its parents; false when it existed. */
    boolean makeDirectory(SandboxTarget target, String path) {
        return json(target, "POST", VOLUME + "/directories", "path=" + encode(path), null)
                .path("created")
                .asBoolean();
    }

    void rename(SandboxTarget target, String from, String to) {
        json(target, "POST", VOLUME + "/rename", null, Json.write(Map.of("from", from, "to", to, "overwrite", true)));
    }

    void delete(SandboxTarget target, String path) {
        call(target, "DELETE", VOLUME + "/file", "path=" + encode(path) + "&recursive=true", null, -1)
                .close();
    }

    /** The file's bytes, streamed; the caller closes the answer. */
    NodeProxy.ProxyResponse read(SandboxTarget target, String path) {
        return call(target, "GET", VOLUME + "/file", "path=" + encode(path), null, -1);
    }

    /** Creates or replaces the file (parents are created), streaming {@code body}. */
    void write(SandboxTarget target, String path, InputStream body, long length) {
        call(target, "PUT", VOLUME + "/file", "path=" + encode(path), body, length)
                .close();
    }

    private JsonNode json(SandboxTarget target, String method, String subPath, String query, String body) {
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        try (NodeProxy.ProxyResponse response = call(
                target,
                method,
                subPath,
                query,
                bytes == null ? null : new java.io.ByteArrayInputStream(bytes),
                bytes == null ? -1 : bytes.length)) {
            return Json.MAPPER.readTree(response.body().readAllBytes());
        } catch (IOException e) {
            throw new ExecBackend.BackendUnavailableException(
                    "reading the answer of node " + target.node() + " failed: " + e.getMessage(), e);
        }
    }

    /** A call whose answer is 2xx; anything else is thrown as the node's error. */
    private NodeProxy.ProxyResponse call(
            SandboxTarget target, String method, String subPath, String query, InputStream body, long length) {
        Map<String, List<String>> headers = body == null
                ? Map.of()
                : Map.of(
                        "Content-Type",
                        List.of(subPath.endsWith("/file") ? "application/octet-stream" : "application/json"));
        NodeProxy.ProxyResponse response =
                nodes.forward(target, new NodeProxy.ProxyRequest(method, subPath, query, headers, body, length));
        if (response.status() / 100 == 2) {
            return response;
        }
        try (response) {
            throw AgentClient.agentError(
                    target,
                    response.status(),
                    new String(response.body().readNBytes(AgentClient.ERROR_BODY_BYTES), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiException(
                    response.status(), "error", "node " + target.node() + " answered HTTP " + response.status(), null);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
