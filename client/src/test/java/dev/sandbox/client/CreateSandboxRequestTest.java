package dev.sandbox.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Defaults, JSON form and client-side validation of the request models. */
class CreateSandboxRequestTest {

    private final ObjectMapper json = SandboxJson.newMapper();

    @Test
    void defaultsMatchTheOriginalModels() {
        assertThat(ResourceConfig.defaults()).isEqualTo(new ResourceConfig(1.0, "512m", null, null, null, null));
        assertThat(PortConfig.of(8080)).isEqualTo(new PortConfig(8080, null, "http", null));
        CreateSandboxRequest minimal = CreateSandboxRequest.of("img");
        assertThat(minimal.container().command()).isNull();
        assertThat(minimal.forceBuild()).isNull();
        assertThat(minimal.container().volumes()).isNull();
    }

    @Test
    void onlyTheImageIsSentWhenNothingElseIsSet() throws Exception {
        assertThat(json.writeValueAsString(CreateSandboxRequest.of("img"))).isEqualTo("{\"image\":\"img\"}");
    }

    @Test
    void aNetworkPolicyIsSentWithoutEmptyListsAndItsModeIsChecked() throws Exception {
        CreateSandboxRequest request = CreateSandboxRequest.builder()
                .image("img")
                .network(NetworkPolicy.egress().allow("203.0.113.0/24").deny("203.0.113.7"))
                .build();
        assertThat(json.writeValueAsString(request))
                .isEqualTo(
                        "{\"image\":\"img\",\"network\":{\"mode\":\"egress\",\"allow\":[\"203.0.113.0/24\"],\"deny\":[\"203.0.113.7\"]}}");
        assertThat(json.writeValueAsString(CreateSandboxRequest.builder()
                        .image("img")
                        .network(NetworkPolicy.none())
                        .build()))
                .isEqualTo("{\"image\":\"img\",\"network\":{\"mode\":\"none\"}}");
        assertThatThrownBy(() -> new NetworkPolicy("open", null, null))
                .isInstanceOfSatisfying(
                        SandboxValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("network.mode"));
        assertThatThrownBy(() -> NetworkPolicy.egress().allow(" "))
                .isInstanceOfSatisfying(
                        SandboxValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("network.allow[0]"));
        SandboxInfo info = json.readValue(
                "{\"id\":\"sbx-1\",\"network\":{\"mode\":\"egress\",\"allow\":[],\"deny\":[],\"enforced\":true}}",
                SandboxInfo.class);
        assertThat(info.network()).isEqualTo(new SandboxInfo.NetworkInfo("egress", List.of(), List.of(), true));
    }

    @Test
    void aCommandLineIsHeldAsShellFormAndSentAsAString() throws Exception {
        CreateSandboxRequest request = CreateSandboxRequest.builder()
                .image("img")
                .command("echo hi && sleep 1")
                .build();

        assertThat(request.container().command()).containsExactly("/bin/sh", "-c", "echo hi && sleep 1");
        assertThat(json.readTree(json.writeValueAsString(request))
                        .get("command")
                        .isTextual())
                .isTrue();
        assertThat(json.writeValueAsString(request))
                .isEqualTo("{\"image\":\"img\",\"command\":\"echo hi && sleep 1\"}");
    }

    @Test
    void anArgumentListIsSentAsAList() throws Exception {
        CreateSandboxRequest request = CreateSandboxRequest.builder()
                .image("img")
                .command(List.of("python", "-c", "print(1)"))
                .entrypoint(List.of("/usr/bin/env"))
                .build();

        assertThat(json.writeValueAsString(request))
                .isEqualTo(
                        "{\"image\":\"img\",\"command\":[\"python\",\"-c\",\"print(1)\"],\"entrypoint\":[\"/usr/bin/env\"]}");
    }

    @Test
    void theRequestIsImmutable() {
        List<PortConfig> ports = new ArrayList<>(List.of(PortConfig.of(80)));
        CreateSandboxRequest request =
                CreateSandboxRequest.builder().image("img").ports(ports).build();
        ports.add(PortConfig.of(81));

        assertThat(request.container().ports()).containsExactly(PortConfig.of(80));
        assertThatThrownBy(() -> request.container().ports().add(PortConfig.of(82)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void obviousErrorsNameTheField() {
        assertField(() -> CreateSandboxRequest.of(" "), "image");
        assertField(
                () -> CreateSandboxRequest.builder()
                        .image("img")
                        .resources(ResourceConfig.of(0.05, "1g"))
                        .build(),
                "resources.cpu");
        assertField(
                () -> CreateSandboxRequest.builder()
                        .image("img")
                        .resources(ResourceConfig.of(8.5, "1g"))
                        .build(),
                "resources.cpu");
        assertField(
                () -> CreateSandboxRequest.builder()
                        .image("img")
                        .resources(ResourceConfig.defaults().withTimeout(0))
                        .build(),
                "resources.timeout");
        assertField(
                () -> CreateSandboxRequest.builder()
                        .image("img")
                        .resources(ResourceConfig.defaults().withIdleTimeout(-1))
                        .build(),
                "resources.idleTimeout");
        assertField(
                () -> CreateSandboxRequest.builder()
                        .image("img")
                        .resources(ResourceConfig.defaults().withDisk("a lot"))
                        .build(),
                "resources.disk");
        assertField(
                () -> CreateSandboxRequest.builder()
                        .image("img")
                        .port(PortConfig.of(80))
                        .port(PortConfig.of(0))
                        .build(),
                "ports[1].internal");
        assertField(
                () -> CreateSandboxRequest.builder()
                        .image("img")
                        .port(PortConfig.of(80).withExternal(70000))
                        .build(),
                "ports[0].external");
        assertField(
                () -> CreateSandboxRequest.builder()
                        .image("img")
                        .command(List.of())
                        .build(),
                "command");
        assertField(
                () -> CreateSandboxRequest.builder()
                        .image("img")
                        .volume("data", VolumeConfig.at("relative"))
                        .build(),
                "volumes.data.mountPath");
        assertField(
                () -> CreateSandboxRequest.builder()
                        .image("img")
                        .environment(new HashMap<>(Map.of("A", "1")))
                        .environment("B", null)
                        .build(),
                "environment.B");
    }

    @Test
    void boundaryValuesAreAccepted() {
        CreateSandboxRequest request = CreateSandboxRequest.builder()
                .image("img")
                .resources(ResourceConfig.of(0.1, "64m").withMaxRetries(0).withIdleTimeout(0))
                .port(PortConfig.of(1).withExternal(65535))
                .build();

        assertThat(request.container().resources().cpu()).isEqualTo(0.1);
        assertThat(request.container().resources().idleTimeout()).isZero();
        assertThat(request.container().ports()).containsExactly(new PortConfig(1, 65535, "http", null));
    }

    @Test
    void theContainerFieldsStandFlatInTheBodyAndReadBack() throws Exception {
        CreateSandboxRequest request = CreateSandboxRequest.builder()
                .image("img")
                .command("sleep 1")
                .environment("A", "1")
                .label("team", "x")
                .publicPreview(true)
                .build();

        String body = json.writeValueAsString(request);
        assertThat(json.readTree(body)).isEqualTo(json.readTree("""
                        {"image": "img", "command": "sleep 1", "environment": {"A": "1"},
                         "public": true, "labels": {"team": "x"}}"""));
        CreateSandboxRequest withArguments = CreateSandboxRequest.builder()
                .image("img")
                .command("sleep", "1")
                .resources(ResourceConfig.of(2, "1g"))
                .template("py")
                .build();
        assertThat(json.readValue(json.writeValueAsString(withArguments), CreateSandboxRequest.class))
                .isEqualTo(withArguments);

        TemplateRequest template = TemplateRequest.builder("py", "img")
                .entrypoint("/usr/bin/env")
                .overridable("environment")
                .build();
        assertThat(json.readTree(json.writeValueAsString(template))).isEqualTo(json.readTree("""
                        {"name": "py", "image": "img", "entrypoint": ["/usr/bin/env"], "overridable": ["environment"]}"""));
    }

    @Test
    void aTemplateIsCheckedLikeASandboxRequest() {
        assertField(() -> TemplateRequest.builder("py", "img").command().build(), "command");
        assertField(
                () -> TemplateRequest.builder("py", "img")
                        .resources(ResourceConfig.of(9, "1g"))
                        .build(),
                "resources.cpu");
        assertField(
                () -> TemplateRequest.builder("py", "img")
                        .port(PortConfig.of(70000))
                        .build(),
                "ports[0].internal");
        assertField(() -> TemplateRequest.builder("py", null).build(), "image");
        assertThat(TemplateRequest.builder("py", null)
                        .buildContext(Map.of("Dockerfile", "FROM scratch"))
                        .build()
                        .container()
                        .hasImage())
                .isFalse();
    }

    private static void assertField(Executable build, String field) {
        assertThatThrownBy(build::execute)
                .isExactlyInstanceOf(SandboxValidationException.class)
                .extracting(e -> ((SandboxValidationException) e).field())
                .isEqualTo(field);
    }
}
