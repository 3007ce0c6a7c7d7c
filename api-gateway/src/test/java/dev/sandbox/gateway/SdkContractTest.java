package dev.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sandbox.client.ApiKeyInfo;
import dev.sandbox.client.ArchiveUploadResult;
import dev.sandbox.client.BackgroundProcess;
import dev.sandbox.client.DirectoryListing;
import dev.sandbox.client.Entrypoint;
import dev.sandbox.client.ExecResult;
import dev.sandbox.client.FileWriteResult;
import dev.sandbox.client.LogLine;
import dev.sandbox.client.NetworkVolumeClassInfo;
import dev.sandbox.client.NetworkVolumeInfo;
import dev.sandbox.client.PreviewAccess;
import dev.sandbox.client.ProcessOutput;
import dev.sandbox.client.ResourceUse;
import dev.sandbox.client.SandboxInfo;
import dev.sandbox.client.SandboxStats;
import dev.sandbox.client.SnapshotInfo;
import dev.sandbox.client.TemplateInfo;
import dev.sandbox.client.TenantInfo;
import dev.sandbox.client.UsageHistory;
import dev.sandbox.db.ApiKeyRecord;
import dev.sandbox.db.TenantLimits;
import dev.sandbox.db.TenantRecord;
import dev.sandbox.db.UsageSampleRecord;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The SDK's models against what the gateway really sends. Realistic resources go through the gateway's own view code
 * and JSON mapper; the answer must have exactly the fields of the SDK's record (none the SDK lacks, none the SDK waits
 * for in vain), at every level, and must read into the SDK's type with unknown fields refused and every value arriving.
 * Answers the node agent makes (exec, files, processes, stats, logs) are held against the OpenAPI document's schemas,
 * which {@link OpenApiDocumentTest} holds against the code.
 */
class SdkContractTest {
    /** The SDK's reading with its {@code ignoreUnknown} switched off, so a field it lacks fails here. */
    static final ObjectMapper STRICT_SDK = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .registerModule(new JavaTimeModule())
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated a) {
                    return JsonIgnoreProperties.Value.empty();
                }
            });

    @Test
    void sandbox() throws Exception {
        check(SandboxView.from(ContractResources.sandbox()), SandboxInfo.class);
    }

    @Test
    void networkVolumeAndClass() throws Exception {
        check(NetworkVolumeView.from(ContractResources.networkVolume()), NetworkVolumeInfo.class);
        check(NetworkVolumeClassView.from(ContractResources.volumeClass()), NetworkVolumeClassInfo.class);
    }

    @Test
    void snapshot() throws Exception {
        check(SnapshotView.from(ContractResources.snapshot()), SnapshotInfo.class);
    }

    @Test
    void template() throws Exception {
        // A template has no idle action of its own (sandboxes made from it take the cluster's) and publishes nothing,
        // so
        // its ports have no host address: always null there.
        check(
                TemplateView.from(ContractResources.template(), List.of(ContractResources.warmPool())),
                TemplateInfo.class,
                "/resources/idleAction",
                "/ports/0/hostIp");
    }

    @Test
    void usageHistory() throws Exception {
        UsageSampleRecord sample = new UsageSampleRecord(
                "uid-1",
                "local",
                Instant.parse("2026-11-26T14:00:12.520Z"),
                new ResourceUse(48.9, 524288, 67108864, 3, 10, 20, 30, 40));
        check(
                UsageHistoryView.of("sbx-4f9c2a1b7d", Instant.parse("2026-11-26T14:00:00Z"), List.of(sample), true),
                UsageHistory.class);
    }

    @Test
    void tenantAndApiKey() throws Exception {
        TenantRecord tenant = new TenantRecord(
                "team-a",
                "Team A",
                new TenantLimits(20, 16_000L, 32L << 30, 200L << 30, 50),
                Instant.parse("2026-11-26T15:00:00Z"),
                Instant.parse("2026-11-26T16:00:00Z"));
        check(
                AdminHandlers.view(tenant, new dev.sandbox.gateway.TenantUsage(2, 1500, 512L << 20, 1L << 30)),
                TenantInfo.class);
        ApiKeyRecord key = new ApiKeyRecord(
                17,
                "team-a",
                "ci",
                "sbx_k3v9",
                false,
                Instant.parse("2026-11-26T15:00:00Z"),
                Instant.parse("2026-11-26T15:30:00Z"),
                Instant.parse("2026-11-26T16:00:00Z"));
        Map<String, Object> issued = new LinkedHashMap<>(AdminHandlers.view(key));
        // The create answer adds the key itself (shown once); listings leave it out and the SDK reads null there.
        issued.put("key", "sbx_k3v9_0123456789abcdef");
        check(issued, ApiKeyInfo.class);
    }

    @Test
    void answersOfTheNodeAgentMatchTheDocumentedSchemas() {
        Map<Class<?>, String> models = new LinkedHashMap<>();
        models.put(ExecResult.class, "ExecResult");
        models.put(BackgroundProcess.class, "Process");
        models.put(ProcessOutput.class, "ProcessOutput");
        models.put(DirectoryListing.class, "DirectoryListing");
        models.put(FileWriteResult.class, "FileWritten");
        models.put(ArchiveUploadResult.class, "ArchiveExtracted");
        models.put(SandboxStats.class, "Stats");
        models.put(LogLine.class, "LogLine");
        models.put(PreviewAccess.class, "PreviewToken");
        models.put(Entrypoint.class, "EntrypointBody");
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Class<?>, String> model : models.entrySet()) {
            compareWithSchema(schema(model.getValue()), model.getKey(), model.getValue(), problems);
        }
        assertThat(problems).isEmpty();
    }

    /**
     * Writes {@code view} as the gateway does, then compares it with {@code sdk} by name and by value.
     *
     * @param alwaysNull JSON pointers of fields the view always leaves null for this kind of resource
     */
    static void check(Object view, Class<?> sdk, String... alwaysNull) throws Exception {
        JsonNode sent = Json.MAPPER.readTree(Json.write(view));
        List<String> nulls = new ArrayList<>();
        findNulls(sent, "", nulls);
        nulls.removeAll(List.of(alwaysNull));
        assertThat(nulls)
                .as("the fixture should set every field, so that each is compared; null at")
                .isEmpty();
        List<String> problems = new ArrayList<>();
        compareNames(sent, sdk, sdk.getSimpleName(), problems);
        assertThat(problems)
                .as("fields of the gateway's answer against " + sdk.getName())
                .isEmpty();
        Object read = STRICT_SDK.treeToValue(sent, sdk);
        JsonNode back = STRICT_SDK.valueToTree(read);
        compareValues(sent, back, "", problems);
        assertThat(problems)
                .as("values that did not arrive in " + sdk.getName())
                .isEmpty();
    }

    static void compareNames(JsonNode sent, Class<?> sdk, String where, List<String> problems) {
        Map<String, RecordComponent> fields = jsonComponents(sdk);
        Set<String> names = new TreeSet<>();
        sent.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (!fields.containsKey(name)) {
                problems.add(
                        where + "." + name + ": the gateway sends it, " + sdk.getSimpleName() + " has no field for it");
            }
        }
        for (Map.Entry<String, RecordComponent> field : fields.entrySet()) {
            if (!names.contains(field.getKey())) {
                problems.add(where + "." + field.getKey() + ": " + sdk.getSimpleName()
                        + " has it, the gateway never sends it");
                continue;
            }
            JsonNode value = sent.get(field.getKey());
            Class<?> nested = nestedRecord(field.getValue().getGenericType());
            if (nested != null && value.isObject()) {
                compareNames(value, nested, where + "." + field.getKey(), problems);
            } else if (nested != null && value.isArray()) {
                for (JsonNode element : value) {
                    compareNames(element, nested, where + "." + field.getKey() + "[]", problems);
                }
            }
        }
    }

    static void compareWithSchema(JsonNode schema, Class<?> sdk, String where, List<String> problems) {
        Map<String, JsonNode> properties = schemaProperties(schema);
        Map<String, RecordComponent> fields = jsonComponents(sdk);
        if (!properties.keySet().equals(fields.keySet())) {
            problems.add(where + ": the document has " + new TreeSet<>(properties.keySet()) + ", " + sdk.getSimpleName()
                    + " has " + new TreeSet<>(fields.keySet()));
            return;
        }
        for (Map.Entry<String, RecordComponent> field : fields.entrySet()) {
            Class<?> nested = nestedRecord(field.getValue().getGenericType());
            if (nested != null) {
                JsonNode property = resolve(properties.get(field.getKey()));
                compareWithSchema(
                        property.has("items") ? resolve(property.get("items")) : property,
                        nested,
                        where + "." + field.getKey(),
                        problems);
            }
        }
    }

    /** Every leaf the gateway sent arrives with the same value (numbers compared as numbers). */
    static void compareValues(JsonNode sent, JsonNode back, String pointer, List<String> problems) {
        if (sent.isContainerNode()) {
            if (sent.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = sent.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    compareValues(e.getValue(), back.path(e.getKey()), pointer + "/" + e.getKey(), problems);
                }
            } else {
                for (int i = 0; i < sent.size(); i++) {
                    compareValues(sent.get(i), back.path(i), pointer + "/" + i, problems);
                }
            }
        } else if (sent.isNull()) {
            // Nothing to arrive: the SDK may leave it out when writing it again.
            return;
        } else if (sent.isNumber()
                ? !back.isNumber() || sent.decimalValue().compareTo(back.decimalValue()) != 0
                : !sent.equals(back)) {
            problems.add(pointer + ": sent " + sent + ", read as " + back);
        }
    }

    static void findNulls(JsonNode node, String pointer, List<String> nulls) {
        if (node.isNull()) {
            nulls.add(pointer);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            findNulls(e.getValue(), pointer + "/" + e.getKey(), nulls);
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            findNulls(node.get(i), pointer + "/" + i, nulls);
        }
    }

    /**
     * The record's components by their JSON name ({@code @JsonProperty} renames included); a {@code @JsonUnwrapped}
     * component stands for its own components, which its JSON writes beside the others.
     */
    static Map<String, RecordComponent> jsonComponents(Class<?> type) {
        assertThat(type.isRecord()).as(type + " is a record").isTrue();
        Map<String, RecordComponent> out = new LinkedHashMap<>();
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getAccessor().isAnnotationPresent(JsonUnwrapped.class)) {
                out.putAll(jsonComponents(c.getType()));
                continue;
            }
            JsonProperty renamed = c.getAccessor().getAnnotation(JsonProperty.class);
            out.put(renamed != null && !renamed.value().isEmpty() ? renamed.value() : c.getName(), c);
        }
        return out;
    }

    /** The record type of a field, or of the elements of a list field; null for anything else. */
    static Class<?> nestedRecord(Type type) {
        if (type instanceof Class<?> c && c.isRecord()) {
            return c;
        }
        if (type instanceof ParameterizedType p
                && p.getRawType() == List.class
                && p.getActualTypeArguments()[0] instanceof Class<?> c
                && c.isRecord()) {
            return c;
        }
        return null;
    }

    static JsonNode schema(String name) {
        JsonNode schema =
                OpenApiDocumentTest.DOCUMENT.path("components").path("schemas").path(name);
        assertThat(schema.isMissingNode()).as("schema " + name).isFalse();
        return schema;
    }

    static JsonNode resolve(JsonNode node) {
        return OpenApiDocumentTest.resolve(node);
    }

    /** The properties of a schema, those of its {@code allOf} parts included. */
    static Map<String, JsonNode> schemaProperties(JsonNode schema) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode part : schema.path("allOf")) {
            out.putAll(schemaProperties(resolve(part)));
        }
        schema.path("properties").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
