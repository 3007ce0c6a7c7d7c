package dev.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/rest-api.md and the OpenAPI document agree: the page mentions every operation of the document as
 * {@code METHOD /path} (several methods of one path may be written {@code GET|POST /path}), and every route the page
 * mentions is in the document. Path parameters are compared by place, not by name ({@code {snapshotId}} on the page is
 * {@code {name}} in the document).
 */
class RestApiDocsTest {
    static final Path PAGE = Path.of("..", "docs", "rest-api.md");
    static final String METHOD = "GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS";
    static final Pattern MENTION =
            Pattern.compile("\\b((?:" + METHOD + ")(?:\\|(?:" + METHOD + "))*)\\s+(/[A-Za-z0-9_{}.\\-/]*)");

    @Test
    void thePageAndTheDocumentNameTheSameRoutes() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (String operation :
                OpenApiRoutesTest.operations(OpenApiDocument.load().tree())) {
            documented.add(normalized(operation));
        }
        Set<String> mentioned = mentions(Files.readString(PAGE));
        Set<String> unmentioned = new TreeSet<>(documented);
        unmentioned.removeAll(mentioned);
        Set<String> unknown = new TreeSet<>(mentioned);
        unknown.removeAll(documented);
        assertThat(unmentioned)
                .as("operations of /openapi.json that " + PAGE + " does not mention as `METHOD /path`")
                .isEmpty();
        assertThat(unknown)
                .as("routes " + PAGE + " mentions that /openapi.json does not describe")
                .isEmpty();
        assertThat(mentioned).hasSizeGreaterThan(60);
    }

    @Test
    void mentionsAreFoundAcrossLineBreaksAndMethodLists() {
        assertThat(mentions(
                        "`DELETE\n  /v1/sandboxes/{id}/mounts/{volume}` and `GET|HEAD /v1/x/{a}.` and GET /healthz"))
                .containsExactlyInAnyOrder(
                        "DELETE /v1/sandboxes/{}/mounts/{}", "GET /v1/x/{}", "HEAD /v1/x/{}", "GET /healthz");
    }

    static Set<String> mentions(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = MENTION.matcher(text);
        while (m.find()) {
            String path = m.group(2).replaceAll("[.]+$", "");
            for (String method : m.group(1).split("\\|")) {
                found.add(normalized(method + " " + path));
            }
        }
        return found;
    }

    static String normalized(String route) {
        return route.replaceAll("\\{[^}]+}", "{}");
    }
}
