package dev.sandbox.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandbox.crd.StrictJson;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The wire records read and write exactly their fields, and the paths are built as the agent registers them. */
class AgentWireTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anExecRequestTravelsWithExactlyItsFields() throws Exception {
        AgentExecRequest request = new AgentExecRequest(
                List.of("echo", "hi"), 30, "src", Map.of("A", "1"), "1000", true, 1024, true, 120, 40);
        JsonNode written = json.valueToTree(request);
        Set<String> names = new TreeSet<>();
        written.fieldNames().forEachRemaining(names::add);
        assertThat(names)
                .containsExactlyInAnyOrder(
                        "command",
                        "timeoutSeconds",
                        "workdir",
                        "environment",
                        "user",
                        "stdin",
                        "maxOutputBytes",
                        "tty",
                        "columns",
                        "rows");
        assertThat(json.treeToValue(written, AgentExecRequest.class)).isEqualTo(request);
        assertThat(request.terminal()).isTrue();
        assertThat(request.withEnvironment(Map.of("B", "2")).environment()).containsExactly(Map.entry("B", "2"));
    }

    @Test
    void aCommandLineIsRunByTheShell() throws Exception {
        AgentExecRequest request = json.readValue("{\"command\": \"echo $HOME\"}", AgentExecRequest.class);
        assertThat(request.command()).containsExactly("/bin/sh", "-c", "echo $HOME");
        assertThat(request.terminal()).isFalse();
    }

    @Test
    void anExecResultTravelsWithExactlyItsFields() throws Exception {
        AgentExecResult result = new AgentExecResult(137, "out", "err", 3600_000, true, true);
        JsonNode written = json.valueToTree(result);
        assertThat(written.size()).isEqualTo(6);
        assertThat(json.treeToValue(written, AgentExecResult.class)).isEqualTo(result);
    }

    @Test
    void pathsOfOneSandbox() {
        assertThat(AgentPaths.sandbox("6f1d0c3e", AgentPaths.EXEC)).isEqualTo("/agent/v1/sandboxes/6f1d0c3e/exec");
        assertThat(AgentPaths.SANDBOX + AgentPaths.PROCESS_WAIT)
                .isEqualTo("/agent/v1/sandboxes/{uid}/processes/{processId}/wait");
        assertThat(AgentPaths.port(8080, "/a/b")).isEqualTo("/ports/8080/a/b");
        assertThat(AgentPaths.nodePort(30001)).isEqualTo("/agent/v1/node/ports/30001");
        assertThat(AgentPaths.PASSED_ON)
                .doesNotHaveDuplicates()
                .allMatch(r -> r.matches("(GET|POST|PUT|DELETE) /[a-z/{}A-Z]+"));
    }

    @Test
    void anExecSocketErrorNamesItsTypeAndLeavesOutAMissingField() {
        assertThat(StrictJson.write(new ExecSocketError("not_found", "no such sandbox", null)))
                .isEqualTo("{\"type\":\"error\",\"code\":\"not_found\",\"message\":\"no such sandbox\"}");
        assertThat(StrictJson.write(new ExecSocketError("invalid_request", "unknown signal", "signal")))
                .isEqualTo("{\"type\":\"error\",\"code\":\"invalid_request\",\"message\":\"unknown signal\","
                        + "\"field\":\"signal\"}");
    }

    @Test
    void portMethodsAreHttpMethodsOnce() {
        assertThat(AgentPaths.PORT_METHODS)
                .doesNotHaveDuplicates()
                .contains("GET", "POST", "OPTIONS")
                .allMatch(m -> m.matches("[A-Z]+"));
    }
}
