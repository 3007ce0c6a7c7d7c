package dev.sandbox.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One invalid spec, checked for a REST caller and for a kubectl user: the same problems, each in its reader's words. */
class SpecValidatorFieldNamesTest {
    /** The CRD YAML the build generates from the Java types (the committed copy is checked against it elsewhere). */
    private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");

    /** A spec with one mistake in every field whose name differs between the REST request and the resource. */
    private static SandboxSpec invalid() {
        SandboxSpec spec = new SandboxSpec();
        spec.setImage("busybox");
        spec.setEnv(Map.of("1X", "v"));
        spec.getResources().setTimeoutSeconds(0L);
        spec.setIdleTimeoutSeconds(-5L);
        spec.getResources().setCpu(20.0);
        spec.setMounts(List.of(
                new SandboxMount("t-data", "/etc/data", false, "data"),
                new SandboxMount("t-logs", "relative", false, null)));
        SandboxPort port = new SandboxPort();
        port.setInternal(0);
        spec.setPorts(List.of(port));
        spec.setNetwork(new SandboxNetwork(NetworkMode.Egress, List.of("example.com"), List.of()));
        return spec;
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void restCallersReadTheRequestsFieldNames() {
        assertThat(fields(SpecValidator.validate(invalid(), FieldNames.REST)))
                .containsExactlyInAnyOrder(
                        "environment.1X",
                        "resources.cpu",
                        "resources.timeout",
                        "resources.idleTimeout",
                        "volumes.data.mountPath",
                        "mounts[1].mountPath",
                        "ports[0].internal",
                        "network.allow[0]");
        // Without a naming, validation answers for the REST API, as it always did.
        assertThat(SpecValidator.validate(invalid())).isEqualTo(SpecValidator.validate(invalid(), FieldNames.REST));
    }

    @Test
    void kubectlUsersReadTheResourcesFieldPaths() {
        assertThat(fields(SpecValidator.validate(invalid(), FieldNames.CRD)))
                .containsExactlyInAnyOrder(
                        "spec.env.1X",
                        "spec.resources.cpu",
                        "spec.resources.timeoutSeconds",
                        "spec.idleTimeoutSeconds",
                        "spec.mounts[0].mountPath",
                        "spec.mounts[1].mountPath",
                        "spec.ports[0].internal",
                        "spec.network.allow[0]");
    }

    @Test
    void theSameProblemsAreReportedWithTheSameMessagesForBothAudiences() {
        assertThat(SpecValidator.validate(invalid(), FieldNames.CRD))
                .extracting(FieldError::message)
                .containsExactlyElementsOf(SpecValidator.validate(invalid(), FieldNames.REST).stream()
                        .map(FieldError::message)
                        .toList());
    }

    @Test
    void everyCrdNameIsAPathOfTheGeneratedSchema() throws IOException {
        SandboxSpec spec = invalid();
        spec.setExecEnv(Map.of("", "v"));
        spec.getResources().setMemory("1k");
        spec.getResources().setDisk("1k");
        spec.getResources().setGpu("?");
        spec.getResources().setMaxRetries(-1);
        spec.setStopTimeoutSeconds(-1);
        spec.setRestartRequest(-1);
        spec.setCommand(List.of());
        spec.setEntrypoint(List.of());
        spec.setSnapshot("Bad_Name");
        spec.setBuildContext(Map.of("../x", "y"));
        Set<String> schema = schemaPaths("sandboxes.sandbox.dev-v1.yml");
        Set<String> named = SpecValidator.validate(spec, FieldNames.CRD).stream()
                .map(e -> e.field().replaceAll("\\[[0-9]+]", "[]"))
                // A map's key (an environment variable, a build context file) is the user's, not the schema's.
                .map(f -> f.replaceAll("^(spec\\.(env|execEnv|buildContext))\\..*$", "$1"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(named).hasSizeGreaterThan(10);
        assertThat(schema).containsAll(named);
    }

    /** Every field path of the generated CRD's schema, lists written as {@code []}: what kubectl users can write. */
    private static Set<String> schemaPaths(String file) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory())
                .readTree(GENERATED.resolve(file).toFile())
                .at("/spec/versions/0/schema/openAPIV3Schema");
        Set<String> paths = new TreeSet<>();
        collect("", root, paths);
        return paths;
    }

    private static void collect(String path, JsonNode node, Set<String> paths) {
        node.path("properties").fields().forEachRemaining(p -> {
            String child = path.isEmpty() ? p.getKey() : path + "." + p.getKey();
            paths.add(child);
            collect(child, p.getValue(), paths);
        });
        if (node.has("items")) {
            paths.add(path + "[]");
            collect(path + "[]", node.get("items"), paths);
        }
    }

    @Test
    void templatesOfKubectlUsersAreNamedAsTheirResource() throws IOException {
        SandboxTemplateSpec template = new SandboxTemplateSpec();
        template.setImage("busybox");
        template.setEnv(Map.of("1X", "v"));
        template.setIdleTimeoutSeconds(-1L);
        template.setOverridable(List.of("nonsense"));
        List<String> crd = fields(TemplateResolver.validate("t", template, FieldNames.CRD));
        assertThat(crd).containsExactlyInAnyOrder("spec.overridable[0]", "spec.env.1X", "spec.idleTimeoutSeconds");
        assertThat(schemaPaths("sandboxtemplates.sandbox.dev-v1.yml"))
                .contains("spec.overridable[]", "spec.env", "spec.idleTimeoutSeconds");
        assertThat(fields(TemplateResolver.validate("t", template)))
                .containsExactlyInAnyOrder("overridable[0]", "environment.1X", "resources.idleTimeout");
    }

    @Test
    void restNamesOfEarlierErrorsTranslateToTheResourcesPaths() {
        assertThat(SpecValidator.crdField("resources.timeout")).isEqualTo("spec.resources.timeoutSeconds");
        assertThat(SpecValidator.crdField("resources.idleTimeout")).isEqualTo("spec.idleTimeoutSeconds");
        assertThat(SpecValidator.crdField("environment.A")).isEqualTo("spec.env.A");
        assertThat(SpecValidator.crdField("environment")).isEqualTo("spec.env");
        assertThat(SpecValidator.crdField("ports[2].external")).isEqualTo("spec.ports[2].external");
        assertThat(SpecValidator.diskProblem("1k", 1L << 30, FieldNames.CRD))
                .get()
                .extracting(FieldError::field)
                .isEqualTo("spec.resources.disk");
    }
}
