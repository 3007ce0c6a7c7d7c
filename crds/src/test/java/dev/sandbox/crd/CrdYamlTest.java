package dev.sandbox.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The committed CRD YAML must be exactly what the Java types generate, and document every field. */
class CrdYamlTest {
    private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
    private static final Path COMMITTED = Path.of("yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sandboxes.sandbox.dev-v1.yml",
                "networkvolumes.sandbox.dev-v1.yml",
                "sandboxtemplates.sandbox.dev-v1.yml",
                "sandboxwarmpools.sandbox.dev-v1.yml",
                "sandboxsnapshots.sandbox.dev-v1.yml",
                "networkvolumeclasses.sandbox.dev-v1.yml"
            })
    void committedYamlMatchesTypes(String file) throws IOException {
        String generated = Files.readString(GENERATED.resolve(file));
        String committed = Files.readString(COMMITTED.resolve(file));
        assertThat(committed)
                .as(
                        "crds/yaml/%s is stale: run `mvn -pl crds process-classes && cp crds/target/classes/META-INF/fabric8/*.yml crds/yaml/`",
                        file)
                .isEqualTo(generated);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sandboxes.sandbox.dev-v1.yml",
                "networkvolumes.sandbox.dev-v1.yml",
                "sandboxtemplates.sandbox.dev-v1.yml",
                "sandboxwarmpools.sandbox.dev-v1.yml",
                "sandboxsnapshots.sandbox.dev-v1.yml",
                "networkvolumeclasses.sandbox.dev-v1.yml"
            })
    void everyFieldHasADescription(String file) throws IOException {
        JsonNode crd = YAML.readTree(COMMITTED.resolve(file).toFile());
        JsonNode version = crd.at("/spec/versions/0");
        assertThat(version.at("/subresources/status").isObject())
                .as("status subresource")
                .isTrue();
        List<String> undocumented = new ArrayList<>();
        walk("", version.at("/schema/openAPIV3Schema"), undocumented);
        assertThat(undocumented).as("schema properties without a description").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sandboxes.sandbox.dev-v1.yml"})
    void sandboxHasShortNameAndPrinterColumns(String file) throws IOException {
        JsonNode crd = YAML.readTree(COMMITTED.resolve(file).toFile());
        assertThat(crd.at("/spec/names/shortNames/0").asText()).isEqualTo("sbx");
        assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
        List<String> columns = new ArrayList<>();
        crd.at("/spec/versions/0/additionalPrinterColumns")
                .forEach(c -> columns.add(c.get("name").asText()));
        assertThat(columns).contains("Phase", "Image", "Node", "Age");
        JsonNode cpu =
                crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/resources/properties/cpu");
        assertThat(cpu.get("minimum").asDouble()).isEqualTo(0.1);
        assertThat(cpu.get("maximum").asDouble()).isEqualTo(8.0);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sandboxtemplates.sandbox.dev-v1.yml:sbxt:Image,In-Use,Age",
                "sandboxwarmpools.sandbox.dev-v1.yml:sbxpool:Template,Desired,Ready,Age"
            })
    void templatesAndPoolsHaveShortNamesAndPrinterColumns(String expectation) throws IOException {
        String[] parts = expectation.split(":");
        JsonNode crd = YAML.readTree(COMMITTED.resolve(parts[0]).toFile());
        assertThat(crd.at("/spec/group").asText()).isEqualTo("sandbox.dev");
        assertThat(crd.at("/spec/versions/0/name").asText()).isEqualTo("v1alpha1");
        assertThat(crd.at("/spec/names/shortNames/0").asText()).isEqualTo(parts[1]);
        assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
        List<String> columns = new ArrayList<>();
        crd.at("/spec/versions/0/additionalPrinterColumns")
                .forEach(c -> columns.add(c.get("name").asText()));
        assertThat(columns).contains(parts[2].split(","));
    }

    @org.junit.jupiter.api.Test
    void poolReplicasAreBoundedAndTemplateIsRequired() throws IOException {
        JsonNode crd = YAML.readTree(
                COMMITTED.resolve("sandboxwarmpools.sandbox.dev-v1.yml").toFile());
        JsonNode spec = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
        assertThat(spec.at("/properties/replicas/minimum").asInt()).isZero();
        assertThat(spec.at("/properties/replicas/maximum").asInt()).isEqualTo(SandboxWarmPoolSpec.MAX_REPLICAS);
        assertThat(spec.at("/required/0").asText()).isEqualTo("templateRef");
    }

    private static void walk(String path, JsonNode schema, List<String> undocumented) {
        JsonNode properties = schema.get("properties");
        if (properties != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String fieldPath = path + "." + field.getKey();
                boolean metadata = path.isEmpty()
                        && (field.getKey().equals("metadata")
                                || field.getKey().equals("apiVersion")
                                || field.getKey().equals("kind"));
                if (!metadata && !field.getValue().hasNonNull("description")) {
                    undocumented.add(fieldPath);
                }
                walk(fieldPath, field.getValue(), undocumented);
            }
        }
        if (schema.has("items")) {
            walk(path + "[]", schema.get("items"), undocumented);
        }
        if (schema.has("additionalProperties")
                && schema.get("additionalProperties").isObject()) {
            walk(path + "{}", schema.get("additionalProperties"), undocumented);
        }
    }
}
