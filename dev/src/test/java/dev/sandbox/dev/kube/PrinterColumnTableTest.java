package dev.sandbox.dev.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Table built from printer columns, the age format and the Accept header check. */
class PrinterColumnTableTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void buildsRowsFromPrinterColumns() throws Exception {
        JsonNode list = Serialization.jsonMapper()
                .readTree(
                        "{\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"7\"},"
                                + "\"items\":[{\"metadata\":{\"name\":\"a\",\"creationTimestamp\":\"2026-01-02T03:01:00Z\"},"
                                + "\"spec\":{\"image\":\"busybox\",\"ports\":[{\"port\":80}]},\"status\":{\"restartCount\":3}}]}");
        List<CustomResourceColumnDefinition> columns = List.of(
                column("Age", ".metadata.creationTimestamp", "date", 0),
                column("Image", ".spec.image", "string", 0),
                column("Port", ".spec.ports[0].port", "integer", 0),
                column("Phase", ".status.phase", "string", 0),
                column("Restarts", ".status.restartCount", "integer", 1),
                column("Ready", ".status.conditions[?(@.type==\"Ready\")].status", "string", 0));

        ObjectNode table = PrinterColumnTable.toTable(columns, list, null, NOW);

        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(table.path("metadata").path("resourceVersion").asText()).isEqualTo("7");
        assertThat(table.path("columnDefinitions").findValuesAsText("name"))
                .containsExactly("Name", "Age", "Image", "Port", "Phase", "Restarts", "Ready");
        assertThat(table.path("columnDefinitions").get(5).path("priority").asInt())
                .isEqualTo(1);
        JsonNode row = table.path("rows").get(0);
        assertThat(row.path("cells").toString()).isEqualTo("[\"a\",\"3m5s\",\"busybox\",80,null,3,null]");
        assertThat(row.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(row.path("object").path("metadata").path("name").asText()).isEqualTo("a");
        assertThat(row.path("object").has("spec")).isFalse();
    }

    @Test
    void singleObjectGivesOneRowAndIncludeObjectIsHonoured() throws Exception {
        JsonNode object = Serialization.jsonMapper()
                .readTree("{\"metadata\":{\"name\":\"b\",\"resourceVersion\":\"9\"},\"spec\":{\"image\":\"alpine\"}}");
        ObjectNode full = PrinterColumnTable.toTable(List.of(), object, "Object", NOW);
        assertThat(full.path("metadata").path("resourceVersion").asText()).isEqualTo("9");
        assertThat(full.path("rows")).hasSize(1);
        assertThat(full.path("rows")
                        .get(0)
                        .path("object")
                        .path("spec")
                        .path("image")
                        .asText())
                .isEqualTo("alpine");
        ObjectNode none = PrinterColumnTable.toTable(List.of(), object, "None", NOW);
        assertThat(none.path("rows").get(0).has("object")).isFalse();
    }

    @Test
    void recognisesKubectlTableAcceptHeader() {
        assertThat(PrinterColumnTable.wantsTable("application/json;as=Table;v=v1;g=meta.k8s.io,"
                        + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"))
                .isTrue();
        assertThat(PrinterColumnTable.wantsTable("application/json;as=Table;v=v1beta1;g=meta.k8s.io"))
                .isFalse();
        assertThat(PrinterColumnTable.wantsTable("application/json")).isFalse();
        assertThat(PrinterColumnTable.wantsTable(null)).isFalse();
    }

    @Test
    void formatsAgesLikeKubernetes() {
        assertThat(HumanDuration.format(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
        assertThat(HumanDuration.format(Duration.ofMillis(-500))).isEqualTo("0s");
        assertThat(HumanDuration.format(Duration.ofSeconds(0))).isEqualTo("0s");
        assertThat(HumanDuration.format(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(HumanDuration.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(HumanDuration.format(Duration.ofSeconds(125))).isEqualTo("2m5s");
        assertThat(HumanDuration.format(Duration.ofMinutes(179))).isEqualTo("179m");
        assertThat(HumanDuration.format(Duration.ofMinutes(185))).isEqualTo("3h5m");
        assertThat(HumanDuration.format(Duration.ofHours(47))).isEqualTo("47h");
        assertThat(HumanDuration.format(Duration.ofHours(50))).isEqualTo("2d2h");
        assertThat(HumanDuration.format(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(HumanDuration.format(Duration.ofDays(731))).isEqualTo("2y1d");
        assertThat(HumanDuration.format(Duration.ofDays(365 * 9))).isEqualTo("9y");
    }

    private static CustomResourceColumnDefinition column(String name, String path, String type, int priority) {
        return new CustomResourceColumnDefinitionBuilder()
                .withName(name)
                .withJsonPath(path)
                .withType(type)
                .withPriority(priority)
                .build();
    }
}
