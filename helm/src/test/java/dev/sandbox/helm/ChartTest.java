package dev.sandbox.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import dev.sandbox.dev.kube.EmbeddedKubernetes;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Real Helm lints and renders the chart; the output is read strictly into fabric8's models and checked. */
class ChartTest {
    private static final String FULLNAME = Chart.RELEASE + "-sandbox";
    private static EmbeddedKubernetes kubernetes;
    private static Path kubeconfig;

    @BeforeAll
    static void startKubernetesApi(@TempDir Path dir) {
        kubernetes = EmbeddedKubernetes.start(0);
        Chart.useForLookups(kubernetes);
        kubeconfig = kubernetes.writeKubeconfig(dir.resolve("kubeconfig"));
        // An installation with monitoring has the Prometheus Operator's CRD; Helm refuses unknown kinds otherwise.
        kubernetes
                .client()
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder()
                        .withNewMetadata()
                        .withName("servicemonitors.monitoring.coreos.com")
                        .endMetadata()
                        .withNewSpec()
                        .withGroup("monitoring.coreos.com")
                        .withScope("Namespaced")
                        .withNewNames()
                        .withKind("ServiceMonitor")
                        .withPlural("servicemonitors")
                        .withSingular("servicemonitor")
                        .endNames()
                        .addNewVersion()
                        .withName("v1")
                        .withServed(true)
                        .withStorage(true)
                        .endVersion()
                        .endSpec()
                        .build())
                .create();
    }

    @AfterAll
    static void stopKubernetesApi() {
        if (kubernetes != null) {
            kubernetes.close();
        }
    }

    private static String template(Map<String, Object> values) {
        return Chart.template(values);
    }

    @Test
    void chartVersionAndAppVersionAreTheProjectVersion() throws IOException {
        String chart = Files.readString(Chart.DIR.resolve("Chart.yaml"));
        assertThat(chart)
                .containsPattern("(?m)^version: " + java.util.regex.Pattern.quote(Chart.projectVersion()) + "$");
        assertThat(chart)
                .containsPattern("(?m)^appVersion: \"" + java.util.regex.Pattern.quote(Chart.projectVersion()) + "\"$");
    }

    @Test
    void chartCrdsAreIdenticalToTheGeneratedOnes() throws IOException {
        Set<String> project = fileNames(Chart.PROJECT_CRDS);
        Set<String> chart = fileNames(Chart.DIR.resolve("crds"));
        assertThat(project).as("CRDs generated in crds/yaml").isNotEmpty();
        assertThat(chart)
                .as(
                        "helm/sandbox/crds must hold exactly the files of crds/yaml (copy them: cp crds/yaml/*.yml helm/sandbox/crds/)")
                .isEqualTo(project);
        for (String name : project) {
            assertThat(Files.readString(Chart.DIR.resolve("crds").resolve(name)))
                    .as("helm/sandbox/crds/%s differs from crds/yaml/%s (copy it again)", name, name)
                    .isEqualTo(Files.readString(Chart.PROJECT_CRDS.resolve(name)));
        }
    }

    private static Set<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @TestFactory
    Stream<DynamicTest> lintPassesForEveryValueSet(@TempDir Path scratch) {
        return ValueSets.valid().entrySet().stream()
                .map(set -> DynamicTest.dynamicTest(set.getKey(), () -> {
                    Path dir =
                            Files.createDirectories(scratch.resolve(set.getKey().replaceAll("[^a-z]", "-")));
                    LintResult result = Chart.lint(set.getValue(), dir);
                    assertThat(result.isFailed())
                            .as("helm lint --strict: %s", result.getMessages())
                            .isFalse();
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyValueSetRendersValidObjects() {
        return ValueSets.valid().entrySet().stream()
                .map(set -> DynamicTest.dynamicTest(set.getKey(), () -> {
                    List<HasMetadata> objects = Chart.objects(template(set.getValue()));
                    checkCommon(objects, set.getValue());
                }));
    }

    @TestFactory
    Stream<DynamicTest> notesTellHowToReachTheApiAndGetTheFirstKey() {
        return ValueSets.valid().entrySet().stream()
                .map(set -> DynamicTest.dynamicTest(set.getKey(), () -> {
                    String notes = Chart.notes(kubeconfig, set.getValue());
                    if (Boolean.TRUE.equals(set.getValue().get("gateway.ingress.enabled"))) {
                        assertThat(notes).contains("export SANDBOX_URL=http://sandbox.example.com");
                    } else {
                        assertThat(notes).contains("port-forward service/" + FULLNAME + "-gateway 8080:80");
                    }
                    String keySecret = (String) set.getValue()
                            .getOrDefault("bootstrapApiKey.existingSecret", FULLNAME + "-bootstrap-api-key");
                    assertThat(notes).contains("get secret " + keySecret + " -o jsonpath='{.data.apiKey}' | base64 -d");
                }));
    }

    @Test
    void secretsInTheClusterAreKeptOnUpgrade() {
        String name = FULLNAME + "-agent-token";
        kubernetes
                .client()
                .namespaces()
                .resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                        .withNewMetadata()
                        .withName(Chart.NAMESPACE)
                        .endMetadata()
                        .build())
                .createOr(r -> r.update());
        List<HasMetadata> first = Chart.objects(template(Map.of()));
        Secret token = Chart.one(first, Secret.class, name);
        Secret key = Chart.one(first, Secret.class, FULLNAME + "-bootstrap-api-key");
        try {
            kubernetes.client().resource(token).inNamespace(Chart.NAMESPACE).create();
            kubernetes.client().resource(key).inNamespace(Chart.NAMESPACE).create();
            List<HasMetadata> upgrade = Chart.objects(template(Map.of()));
            assertThat(Chart.one(upgrade, Secret.class, name).getData()).isEqualTo(token.getData());
            assertThat(Chart.one(upgrade, Secret.class, FULLNAME + "-bootstrap-api-key")
                            .getData())
                    .isEqualTo(key.getData());
        } finally {
            kubernetes.client().resource(token).inNamespace(Chart.NAMESPACE).delete();
            kubernetes.client().resource(key).inNamespace(Chart.NAMESPACE).delete();
        }
        // Without them, a fresh install gets new random ones.
        assertThat(Chart.one(Chart.objects(template(Map.of())), Secret.class, name)
                        .getData())
                .isNotEqualTo(token.getData());
    }

    @TestFactory
    Stream<DynamicTest> wrongValuesAreRejected() {
        return ValueSets.rejected().entrySet().stream()
                .map(set -> DynamicTest.dynamicTest(
                        set.getKey(),
                        () -> assertThatThrownBy(() -> template(set.getValue().getKey()))
                                .hasMessageContaining(set.getValue().getValue())));
    }

    private static void checkCommon(List<HasMetadata> objects, Map<String, Object> values) {
        String version = Chart.projectVersion();
        // CRDs: exactly the project's, with nothing lost on the way through Helm.
        List<CustomResourceDefinition> chartCrds = Chart.all(Chart.crds(), CustomResourceDefinition.class);
        Set<String> crds =
                chartCrds.stream().map(c -> c.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(crds).isEqualTo(projectCrdNames());

        DaemonSet operator = Chart.one(objects, DaemonSet.class, FULLNAME + "-operator");
        PodSpec operatorPod = operator.getSpec().getTemplate().getSpec();
        Container operatorContainer = operatorPod.getContainers().get(0);
        assertThat(operatorContainer.getImage()).isEqualTo("sandbox-operator:" + version);
        assertThat(operatorPod.getHostPID()).isTrue();
        assertThat(operatorPod.getServiceAccountName()).isEqualTo(FULLNAME + "-operator");
        assertThat(fieldRef(operatorContainer, "SANDBOX_NODE_NAME")).isEqualTo("spec.nodeName");
        assertThat(fieldRef(operatorContainer, "POD_IP")).isEqualTo("status.podIP");
        assertThat(env(operatorContainer, "SANDBOX_AGENT_HOST").getValue()).isEqualTo("$(POD_IP)");
        assertThat(env(operatorContainer, "SANDBOX_AGENT_TOKEN")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getKey())
                .isEqualTo("token");
        assertThat(hostPath(operatorPod, "docker-socket")).isEqualTo("/var/run/docker.sock");
        assertThat(hostPath(operatorPod, "docker-volumes")).isEqualTo("/var/lib/docker/volumes");
        assertThat(operatorContainer.getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/lib/docker/volumes"));
        assertProbesAndResources(operatorContainer);
        assertThat(operatorContainer.getSecurityContext().getReadOnlyRootFilesystem())
                .isTrue();
        boolean disks = !Boolean.FALSE.equals(values.get("operator.diskLimits.enabled"));
        assertThat(env(operatorContainer, "SANDBOX_DISK_LIMITS").getValue()).isEqualTo(Boolean.toString(disks));
        if (disks) {
            // Loop mounts that the node's Docker engine must see: privileged, the disk directory shared both ways, the
            // node's /dev for loop devices made after the container started.
            String directory = (String) values.getOrDefault("operator.diskLimits.directory", "/var/lib/sandbox/disks");
            assertThat(operatorContainer.getSecurityContext().getPrivileged()).isTrue();
            assertThat(operatorContainer.getSecurityContext().getCapabilities()).isNull();
            assertThat(env(operatorContainer, "SANDBOX_DISK_DIR").getValue()).isEqualTo(directory);
            assertThat(hostPath(operatorPod, "disks")).isEqualTo(directory);
            assertThat(hostPath(operatorPod, "dev")).isEqualTo("/dev");
            assertThat(operatorContainer.getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getName()).isEqualTo("disks");
                assertThat(m.getMountPath()).isEqualTo(directory);
                assertThat(m.getMountPropagation()).isEqualTo("Bidirectional");
            });
        } else {
            assertThat(operatorContainer.getSecurityContext().getPrivileged()).isFalse();
            assertThat(operatorContainer.getSecurityContext().getAllowPrivilegeEscalation())
                    .isFalse();
            assertThat(operatorContainer.getSecurityContext().getCapabilities().getDrop())
                    .containsExactly("ALL");
            assertThat(operatorContainer.getSecurityContext().getCapabilities().getAdd())
                    .containsExactlyInAnyOrder("CHOWN", "DAC_OVERRIDE", "FOWNER", "KILL", "NET_ADMIN", "NET_RAW");
            assertThat(operatorPod.getVolumes())
                    .noneMatch(v -> v.getName().equals("disks") || v.getName().equals("dev"));
        }
        assertThat(env(operatorContainer, "SANDBOX_FIREWALL").getValue())
                .isEqualTo(Boolean.toString(!Boolean.FALSE.equals(values.get("operator.firewall.enabled"))));
        assertThat(env(operatorContainer, "SANDBOX_NETWORK_POOL").getValue())
                .isEqualTo(values.getOrDefault("operator.firewall.networkPool", "10.223.0.0/16"));
        if (values.containsKey("operator.nodeSelector.pool")) {
            assertThat(operatorPod.getNodeSelector()).containsEntry("pool", "sandboxes");
        }

        Deployment gateway = Chart.one(objects, Deployment.class, FULLNAME + "-gateway");
        PodSpec gatewayPod = gateway.getSpec().getTemplate().getSpec();
        Container gatewayContainer = gatewayPod.getContainers().get(0);
        assertThat(gateway.getSpec().getReplicas()).isEqualTo(values.getOrDefault("gateway.replicas", 2));
        assertThat(gatewayContainer.getImage()).isEqualTo("sandbox-gateway:" + version);
        assertProbesAndResources(gatewayContainer);
        assertRestricted(gatewayPod);
        assertThat(gatewayPod.getServiceAccountName()).isEqualTo(FULLNAME + "-gateway");
        assertThat(gatewayContainer.getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));

        // The volume classes of dev mode, kept at uninstall (volumes hold them with a finalizer only operators remove).
        assertThat(Chart.all(objects, dev.sandbox.crd.NetworkVolumeClass.class))
                .extracting(c -> c.getMetadata().getName())
                .containsExactly("local", "memory");
        assertThat(Chart.all(objects, dev.sandbox.crd.NetworkVolumeClass.class))
                .allSatisfy(c ->
                        assertThat(c.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep"));
        assertThat(Chart.one(objects, dev.sandbox.crd.NetworkVolumeClass.class, "local")
                        .getSpec()
                        .getType())
                .isEqualTo(dev.sandbox.crd.VolumeClassType.Disk);

        // The limits the gateway checks are the ones the operators enforce.
        for (String name : List.of("SANDBOX_MAX_DISK", "SANDBOX_PORT_RANGE", "SANDBOX_RESERVED_PORTS")) {
            assertThat(env(gatewayContainer, name).getValue())
                    .as(name)
                    .isEqualTo(env(operatorContainer, name).getValue());
        }
        assertThat(env(gatewayContainer, "SANDBOX_PORT_RANGE").getValue())
                .isEqualTo(values.getOrDefault("sandboxes.portRange", "30000-32767"));
        assertThat(env(gatewayContainer, "SANDBOX_MAX_DISK").getValue())
                .isEqualTo(values.getOrDefault("sandboxes.maxDisk", "10g"));

        Job migrate = Chart.one(objects, Job.class, FULLNAME + "-migrate-1");
        assertThat(migrate.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getArgs())
                .endsWith("migrate");
        assertThat(migrate.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("sandbox-gateway:" + version);
        assertRestricted(migrate.getSpec().getTemplate().getSpec());

        PodDisruptionBudget pdb = Chart.one(objects, PodDisruptionBudget.class, FULLNAME + "-gateway");
        assertThat(pdb.getSpec().getSelector().getMatchLabels())
                .isEqualTo(gateway.getSpec().getSelector().getMatchLabels());
        assertThat(gateway.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        Service service = Chart.one(objects, Service.class, FULLNAME + "-gateway");
        assertThat(service.getSpec().getSelector())
                .isEqualTo(gateway.getSpec().getSelector().getMatchLabels());
        assertThat(operator.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(operator.getSpec().getSelector().getMatchLabels());

        // Every Secret a pod reads is rendered by the chart or named as an existing one in the values.
        Set<String> secrets = Chart.all(objects, Secret.class).stream()
                .map(s -> s.getMetadata().getName())
                .collect(Collectors.toSet());
        for (PodSpec pod :
                List.of(operatorPod, gatewayPod, migrate.getSpec().getTemplate().getSpec())) {
            for (EnvVar var : pod.getContainers().get(0).getEnv()) {
                if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
                    String name = var.getValueFrom().getSecretKeyRef().getName();
                    assertThat(secrets.contains(name) || values.containsValue(name))
                            .as("Secret %s of %s", name, var.getName())
                            .isTrue();
                }
            }
        }
        if (values.containsKey("database.existingSecret")) {
            assertThat(secrets).as("with existing secrets the chart makes none").isEmpty();
            assertThat(env(gatewayContainer, "SANDBOX_DATABASE_PASSWORD")
                            .getValueFrom()
                            .getSecretKeyRef()
                            .getKey())
                    .isEqualTo("pass");
        } else {
            assertThat(secrets)
                    .containsExactlyInAnyOrder(
                            FULLNAME + "-agent-token", FULLNAME + "-bootstrap-api-key", FULLNAME + "-database");
            String key = new String(
                    java.util.Base64.getDecoder()
                            .decode(Chart.one(objects, Secret.class, FULLNAME + "-bootstrap-api-key")
                                    .getData()
                                    .get("apiKey")),
                    StandardCharsets.UTF_8);
            assertThat(key).matches("sbx_[A-Za-z0-9]{40}");
        }

        String watched = (String) values.getOrDefault("watchNamespace", "");
        if (watched.isEmpty()) {
            assertThat(Chart.all(objects, ClusterRole.class))
                    .extracting(r -> r.getMetadata().getName())
                    .containsExactlyInAnyOrder(
                            FULLNAME + "-operator",
                            FULLNAME + "-operator-volume-classes",
                            FULLNAME + "-gateway-volume-classes");
            assertThat(operatorContainer.getEnv()).noneMatch(e -> e.getName().equals("SANDBOX_NAMESPACE"));
        } else {
            // One namespace: nothing cluster-wide but reading the cluster-scoped volume classes.
            assertThat(Chart.all(objects, ClusterRole.class))
                    .extracting(r -> r.getMetadata().getName())
                    .containsExactlyInAnyOrder(
                            FULLNAME + "-operator-volume-classes", FULLNAME + "-gateway-volume-classes");
            assertThat(Chart.all(objects, Role.class))
                    .anySatisfy(r -> assertThat(r.getMetadata().getNamespace()).isEqualTo(watched));
            assertThat(env(operatorContainer, "SANDBOX_NAMESPACE").getValue()).isEqualTo(watched);
            assertThat(env(gatewayContainer, "SANDBOX_NAMESPACE").getValue())
                    .isEqualTo(values.getOrDefault("sandboxNamespace", watched));
        }
        // Every custom resource a role names exists (a renamed or removed CRD leaves no stale grant). That the roles
        // grant
        // what the processes use, and nothing else, is proven by recording their calls: ClusterOfProcessesIT.
        Set<String> plurals =
                chartCrds.stream().map(c -> c.getSpec().getNames().getPlural()).collect(Collectors.toSet());
        for (String account : List.of(FULLNAME + "-operator", FULLNAME + "-gateway")) {
            for (RbacRules.Grant grant :
                    RbacRules.of(objects, Chart.NAMESPACE, account).grants()) {
                if (grant.group().equals("sandbox.dev")) {
                    assertThat(plurals)
                            .as("%s of %s", grant, account)
                            .contains(grant.resource().split("/")[0]);
                }
            }
        }

        boolean policy = !Boolean.FALSE.equals(values.get("networkPolicy.enabled"));
        assertThat(Chart.all(objects, NetworkPolicy.class)).hasSize(policy ? 1 : 0);
        if (policy) {
            NetworkPolicy agentPolicy = Chart.all(objects, NetworkPolicy.class).get(0);
            assertThat(agentPolicy.getSpec().getPodSelector().getMatchLabels())
                    .isEqualTo(operator.getSpec().getSelector().getMatchLabels());
            assertThat(agentPolicy.getSpec().getIngress().get(0).getFrom())
                    .singleElement()
                    .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                            .isEqualTo(gateway.getSpec().getSelector().getMatchLabels()));
            assertThat(agentPolicy.getSpec().getIngress().get(0).getPorts())
                    .singleElement()
                    .satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("agent"));
        }
        boolean ingress = Boolean.TRUE.equals(values.get("gateway.ingress.enabled"));
        assertThat(Chart.all(objects, Ingress.class)).hasSize(ingress ? 1 : 0);
        if (ingress) {
            assertThat(Chart.all(objects, Ingress.class).get(0).getSpec().getRules())
                    .extracting(r -> r.getHost())
                    .containsExactly("sandbox.example.com", "*.preview.example.com");
            assertThat(env(gatewayContainer, "SANDBOX_PREVIEW_URL").getValue())
                    .isEqualTo("https://preview.example.com");
        }
        boolean monitors = Boolean.TRUE.equals(values.get("serviceMonitor.enabled"));
        assertThat(Chart.all(objects, ServiceMonitor.class)).hasSize(monitors ? 2 : 0);
        for (HasMetadata object : objects) {
            assertThat(object.getMetadata().getLabels())
                    .as(
                            "labels of %s/%s",
                            object.getKind(), object.getMetadata().getName())
                    .containsEntry("app.kubernetes.io/instance", Chart.RELEASE);
        }
    }

    private static Set<String> projectCrdNames() {
        try (Stream<Path> files = Files.list(Chart.PROJECT_CRDS)) {
            return files.map(f -> {
                        try {
                            return Serialization.unmarshal(Files.readString(f), CustomResourceDefinition.class)
                                    .getMetadata()
                                    .getName();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertProbesAndResources(Container container) {
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getStartupProbe()).isNotNull();
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
    }

    /** Pod Security Standard "restricted", as far as the pod spec decides it. */
    private static void assertRestricted(PodSpec pod) {
        assertThat(pod.getHostNetwork()).isNotEqualTo(true);
        assertThat(pod.getHostPID()).isNotEqualTo(true);
        assertThat(pod.getHostIPC()).isNotEqualTo(true);
        assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getHostPath()).isNull());
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        for (Container c : pod.getContainers()) {
            var sc = c.getSecurityContext();
            assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
            assertThat(sc.getPrivileged()).isNotEqualTo(true);
            assertThat(sc.getRunAsNonRoot()).isTrue();
            assertThat(sc.getRunAsUser()).isPositive();
            assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
            assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(
                            c.getPorts() == null
                                    ? List.<Integer>of()
                                    : c.getPorts().stream()
                                            .map(p -> p.getHostPort())
                                            .filter(java.util.Objects::nonNull)
                                            .toList())
                    .isEmpty();
        }
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no variable " + name));
    }

    private static String fieldRef(Container container, String name) {
        return env(container, name).getValueFrom().getFieldRef().getFieldPath();
    }

    private static String hostPath(PodSpec pod, String volume) {
        return pod.getVolumes().stream()
                .filter(v -> v.getName().equals(volume))
                .map(Volume::getHostPath)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + volume))
                .getPath();
    }
}
