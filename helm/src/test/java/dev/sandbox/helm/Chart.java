package dev.sandbox.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The chart in {@code helm/sandbox}, linted and rendered by real Helm (helm-java), and its output as typed objects. */
final class Chart {
    static final Path DIR = Path.of("sandbox").toAbsolutePath();
    static final Path PROJECT_CRDS =
            Path.of("..", "crds", "yaml").toAbsolutePath().normalize();
    static final String RELEASE = "sbx";
    static final String NAMESPACE = "sandbox-system";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** fabric8's reader, knowing the project's one custom kind the chart renders as an object (the rest are CRD-only). */
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static {
        SERIALIZATION.registerKubernetesResource(dev.sandbox.crd.NetworkVolumeClass.class);
    }

    private Chart() {}

    /** The project version, which the chart's version, its appVersion and the image tags must equal. */
    static String projectVersion() {
        String version = System.getProperty("project.version");
        if (version == null) {
            throw new IllegalStateException("run through Maven: the project.version system property is missing");
        }
        return version;
    }

    /**
     * {@code helm template} with the values given as dotted keys (e.g. {@code gateway.ingress.enabled=true}).
     *
     * <p>helm-java's template command answers the chart's {@code lookup} calls from a Kubernetes API (not with nothing,
     * as the helm CLI does): the one named by {@code KUBECONFIG}, which the build sets to {@link #LOOKUP_KUBECONFIG}.
     * {@link #useForLookups} points that file at a running (in-memory) API, so tests can also show that Secrets already
     * in the cluster are kept.
     */
    static String template(Map<String, Object> values) {
        var command = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
        values.forEach(command::set);
        return command.call();
    }

    /**
     * The NOTES.txt text an install prints, from {@code helm install --dry-run} against the API of {@code kubeconfig}
     * (helm-java's dry run prints the release and its notes, not the objects: those come from {@link #template}).
     */
    static String notes(Path kubeconfig, Map<String, Object> values) {
        var command = new Helm(DIR)
                .install()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .dryRun()
                .disableOpenApiValidation()
                .withKubeConfig(kubeconfig);
        values.forEach(command::set);
        String output = command.call().getOutput();
        int notes = output.indexOf("\nNOTES:\n");
        if (notes < 0) {
            throw new AssertionError("the dry-run install printed no notes:\n" + output);
        }
        return output.substring(notes + "\nNOTES:\n".length());
    }

    /** The kubeconfig helm-java reads (the build's KUBECONFIG variable for the test JVMs). */
    static final Path LOOKUP_KUBECONFIG = Path.of(
                    System.getenv().getOrDefault("KUBECONFIG", "target/lookup-kubeconfig"))
            .toAbsolutePath();

    /** Makes {@link #template}'s lookups go to {@code kubernetes}. */
    static void useForLookups(dev.sandbox.dev.kube.EmbeddedKubernetes kubernetes) {
        kubernetes.writeKubeconfig(LOOKUP_KUBECONFIG);
    }

    /**
     * {@code helm lint} of the chart with these values: lint reads only the chart's own values.yaml, so a copy of the
     * chart gets the defaults deep-merged with {@code values}.
     */
    @SuppressWarnings("unchecked")
    static LintResult lint(Map<String, Object> values, Path scratch) throws IOException {
        Path copy = scratch.resolve("sandbox");
        copyTree(DIR, copy);
        Map<String, Object> defaults = YAML.readValue(DIR.resolve("values.yaml").toFile(), LinkedHashMap.class);
        values.forEach((key, value) -> put(defaults, key, value));
        YAML.writeValue(copy.resolve("values.yaml").toFile(), defaults);
        return new Helm(copy).lint().strict().call();
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> into, String dottedKey, Object value) {
        String[] parts = dottedKey.split("\\.");
        Map<String, Object> map = into;
        for (int i = 0; i < parts.length - 1; i++) {
            map = (Map<String, Object>) map.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
        }
        map.put(parts[parts.length - 1], value);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    /**
     * Every document of the rendered output as fabric8's typed model; fails for a kind fabric8 does not know and for any
     * field the typed model does not have (fabric8 would otherwise keep it quietly in "additionalProperties").
     */
    static List<HasMetadata> objects(String rendered) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : rendered.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
                continue;
            }
            Object parsed;
            try {
                parsed = SERIALIZATION.unmarshal(document);
            } catch (RuntimeException e) {
                throw new AssertionError(
                        "a rendered document does not read as a Kubernetes object: " + e.getMessage() + "\n" + document,
                        e);
            }
            if (!(parsed instanceof HasMetadata object)
                    || parsed instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource) {
                throw new AssertionError("fabric8 has no typed model for this rendered document:\n" + document);
            }
            StrictModel.assertNoUnknownFields(
                    object, object.getKind() + "/" + object.getMetadata().getName());
            objects.add(object);
        }
        return objects;
    }

    /**
     * The chart's CRDs, as Helm installs them: the files of {@code crds/} unchanged (Helm does not template them, and
     * {@code helm template} leaves them out of its output).
     */
    static List<HasMetadata> crds() {
        try (Stream<Path> files = Files.list(DIR.resolve("crds"))) {
            List<HasMetadata> crds = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                crds.addAll(objects(Files.readString(file)));
            }
            return crds;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        return all(objects, type).stream()
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no " + type.getSimpleName() + " named " + name + " was rendered"));
    }

    static String yaml(KubernetesResource object) {
        return Serialization.asYaml(object);
    }
}
