package dev.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.sandbox.agent.AgentExecResult;
import dev.sandbox.client.NetworkVolumeClassInfo;
import dev.sandbox.client.NetworkVolumeInfo;
import dev.sandbox.client.PortInfo;
import dev.sandbox.client.ResourceConfig;
import dev.sandbox.client.SandboxInfo;
import dev.sandbox.client.SnapshotInfo;
import dev.sandbox.client.TemplateInfo;
import dev.sandbox.client.UsageHistory;
import dev.sandbox.client.UsageSample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document is well formed and says what the code does: its references resolve, its path parameters match
 * its paths, its query parameters are the ones the gateway accepts ({@link QueryRules}), and its schemas have the
 * properties of the records the gateway reads and writes.
 */
class OpenApiDocumentTest {
    static final JsonNode DOCUMENT = OpenApiDocument.load().tree();
    static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

    /** Each schema of the document and the gateway record it describes. */
    static final Map<String, Class<?>> RECORDS = new LinkedHashMap<>();

    static {
        RECORDS.put("Sandbox", SandboxInfo.class);
        RECORDS.put("SandboxResources", ResourceConfig.class);
        RECORDS.put("SandboxDisk", SandboxInfo.Disk.class);
        RECORDS.put("SandboxPort", PortInfo.class);
        RECORDS.put("SandboxMount", SandboxInfo.Mount.class);
        RECORDS.put("SandboxNetwork", SandboxInfo.NetworkInfo.class);
        RECORDS.put("UsageHistory", UsageHistory.class);
        RECORDS.put("UsageSample", UsageSample.class);
        RECORDS.put("Snapshot", SnapshotInfo.class);
        RECORDS.put("Template", TemplateView.class);
        RECORDS.put("TemplatePool", TemplateInfo.Pool.class);
        RECORDS.put("NetworkVolume", NetworkVolumeInfo.class);
        RECORDS.put("NetworkVolumeClass", NetworkVolumeClassInfo.class);
        RECORDS.put("CreateSandboxRequest", CreateSandboxRequest.class);
        RECORDS.put("ResourcesRequest", CreateSandboxRequest.Resources.class);
        RECORDS.put("PortRequest", CreateSandboxRequest.Port.class);
        RECORDS.put("VolumeMountRequest", CreateSandboxRequest.Volume.class);
        RECORDS.put("NetworkRequest", CreateSandboxRequest.Network.class);
        RECORDS.put("TemplateRequest", CreateTemplateRequest.class);
        RECORDS.put("CreateNetworkVolumeRequest", CreateNetworkVolumeRequest.class);
        RECORDS.put("MountRequest", MountRequest.class);
        RECORDS.put("ExecRequest", ExecRequest.class);
        // The node agent's answer, which the gateway passes on as it came.
        RECORDS.put("ExecResult", AgentExecResult.class);
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(DOCUMENT, refs);
        assertThat(refs).hasSizeGreaterThan(100);
        for (String ref : refs) {
            assertThat(ref).as("only references inside the document").startsWith("#/");
            assertThat(DOCUMENT.at(ref.substring(1)).isMissingNode())
                    .as(ref + " resolves")
                    .isFalse();
        }
    }

    @Test
    void everyOperationIsCompleteAndNamedOnce() {
        assertThat(DOCUMENT.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(DOCUMENT.at("/components/securitySchemes/apiKey/scheme").asText())
                .isEqualTo("bearer");
        Set<String> ids = new HashSet<>();
        forEachOperation((method, path, operation) -> {
            String what = method + " " + path;
            assertThat(ids.add(operation.path("operationId").asText()))
                    .as("operationId of " + what + " is unique")
                    .isTrue();
            assertThat(operation.path("operationId").asText()).as(what).isNotEmpty();
            assertThat(operation.path("summary").asText()).as(what).isNotEmpty();
            assertThat(operation.path("tags").size()).as(what).isEqualTo(1);
            JsonNode responses = operation.path("responses");
            assertThat(responses.size()).as("responses of " + what).isGreaterThan(0);
            boolean open = operation.has("security") && containsEmptyRequirement(operation.path("security"));
            if (path.startsWith("/v1/") && !open) {
                // Every call with a key can be refused for it, and every error answer is the Error JSON.
                assertThat(responses.has("401")).as(what + " documents 401").isTrue();
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> response = it.next();
                JsonNode resolved = resolve(response.getValue());
                assertThat(resolved.path("description").asText())
                        .as(what + " " + response.getKey())
                        .isNotEmpty();
                // /readyz answers 503 with its checks, an answer for load balancers rather than an error of the API.
                if (path.startsWith("/v1/")
                        && response.getKey().matches("[45]\\d\\d")
                        && !resolved.path("content").isMissingNode()) {
                    assertThat(resolved.at("/content/application~1json/schema/$ref")
                                    .asText())
                            .as(what + " " + response.getKey())
                            .isEqualTo("#/components/schemas/Error");
                }
            }
        });
    }

    @Test
    void pathParametersAreDeclaredForEveryPlaceholderAndNoOther() {
        forEachOperation((method, path, operation) -> {
            Set<String> inPath = new TreeSet<>();
            Matcher m = PATH_PARAM.matcher(path);
            while (m.find()) {
                inPath.add(m.group(1));
            }
            Set<String> declared =
                    new TreeSet<>(parameters(path, operation, "path").keySet());
            assertThat(declared).as("path parameters of " + method + " " + path).isEqualTo(inPath);
        });
    }

    @Test
    void queryParametersAreTheOnesTheGatewayAccepts() {
        QueryRules rules = QueryRules.forGateway(GatewayConfig.defaults());
        for (String route : rules.routes()) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            JsonNode operation = DOCUMENT.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
            assertThat(operation.isMissingNode())
                    .as(route + " is in the document")
                    .isFalse();
            Set<String> documented = parameters(path, operation, "query").keySet();
            assertThat(documented)
                    .as("query parameters of " + route)
                    .isEqualTo(rules.of(method, path).orElseThrow().keySet());
        }
    }

    @Test
    void schemasHaveThePropertiesOfTheGatewaysRecords() {
        for (Map.Entry<String, Class<?>> entry : RECORDS.entrySet()) {
            JsonNode schema = DOCUMENT.path("components").path("schemas").path(entry.getKey());
            assertThat(schema.isMissingNode()).as("schema " + entry.getKey()).isFalse();
            Set<String> documented = new TreeSet<>();
            schema.path("properties").fieldNames().forEachRemaining(documented::add);
            assertThat(documented)
                    .as("properties of schema " + entry.getKey() + " and of "
                            + entry.getValue().getSimpleName())
                    .isEqualTo(jsonProperties(entry.getValue()));
        }
    }

    /**
     * The JSON property names Jackson uses for a record (renames such as {@code public} included); a
     * {@code @JsonUnwrapped} property contributes its own properties, which stand beside the others in the JSON.
     */
    static Set<String> jsonProperties(Class<?> type) {
        JavaType javaType = Json.MAPPER.constructType(type);
        Set<String> names = new TreeSet<>();
        for (BeanPropertyDefinition p :
                Json.MAPPER.getSerializationConfig().introspect(javaType).findProperties()) {
            if (p.getPrimaryMember().hasAnnotation(JsonUnwrapped.class)) {
                names.addAll(jsonProperties(p.getRawPrimaryType()));
            } else {
                names.add(p.getName());
            }
        }
        return names;
    }

    interface OperationVisitor {
        void visit(String method, String path, JsonNode operation);
    }

    static void forEachOperation(OperationVisitor visitor) {
        for (Iterator<Map.Entry<String, JsonNode>> paths =
                        DOCUMENT.path("paths").fields();
                paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase(Locale.ROOT);
                if (OpenApiRoutesTest.HTTP_METHODS.contains(method)) {
                    visitor.visit(method, path.getKey(), op.getValue());
                }
            }
        }
    }

    /** The parameters of one kind ({@code path}, {@code query}) of an operation, the path item's included. */
    static Map<String, JsonNode> parameters(String path, JsonNode operation, String in) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        List<JsonNode> all = new ArrayList<>();
        DOCUMENT.path("paths").path(path).path("parameters").forEach(all::add);
        operation.path("parameters").forEach(all::add);
        for (JsonNode p : all) {
            JsonNode parameter = resolve(p);
            if (in.equals(parameter.path("in").asText())) {
                assertThat(found.put(parameter.path("name").asText(), parameter))
                        .as(path + " declares " + parameter.path("name") + " once")
                        .isNull();
            }
        }
        return found;
    }

    static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? DOCUMENT.at(node.path("$ref").asText().substring(1)) : node;
    }

    static boolean containsEmptyRequirement(JsonNode security) {
        for (JsonNode requirement : security) {
            if (requirement.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            if (node.has("$ref")) {
                refs.add(node.path("$ref").asText());
            }
            node.forEach(child -> collectRefs(child, refs));
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
