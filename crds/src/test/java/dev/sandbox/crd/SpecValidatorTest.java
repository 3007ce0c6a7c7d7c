package dev.sandbox.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecValidatorTest {

    private static SandboxSpec spec(String image) {
        SandboxSpec spec = new SandboxSpec();
        spec.setImage(image);
        return spec;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "busybox",
                "python:3.12-slim",
                "sandbox-busybox:local",
                "registry.example.com:5000/team/app:1.0",
                "localhost/a_b__c-d:v1",
                "busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            })
    void acceptsImageReferences(String image) {
        assertThat(SpecValidator.validate(spec(image))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UPPER/case", "bad image", "-leading", "a::b", "image:", "a/../b", "image:tag with space"})
    void rejectsInvalidImageReferences(String image) {
        assertThat(SpecValidator.validate(spec(image)))
                .extracting(FieldError::field)
                .containsExactly("image");
    }

    @Test
    void diskIsASizeBetween16mAndTheClustersMaximum() {
        SandboxSpec spec = spec("busybox");
        assertThat(spec.getResources().getDisk()).isEqualTo("1g");
        assertThat(SpecValidator.validate(spec)).isEmpty();
        spec.getResources().setDisk("8m");
        assertThat(SpecValidator.validate(spec)).extracting(FieldError::field).containsExactly("resources.disk");
        spec.getResources().setDisk("lots");
        assertThat(SpecValidator.validate(spec)).extracting(FieldError::field).containsExactly("resources.disk");
        assertThat(SpecValidator.diskProblem("20g", 10L << 30))
                .get()
                .extracting(FieldError::field)
                .isEqualTo("resources.disk");
        assertThat(SpecValidator.diskProblem("20g", 10L << 30).get().message()).contains("10g");
        assertThat(SpecValidator.diskProblem("10g", 10L << 30)).isEmpty();
    }

    @Test
    void rejectsCpuOutOfRangeAndBadMemory() {
        SandboxSpec spec = spec("busybox");
        spec.getResources().setCpu(9.0);
        spec.getResources().setMemory("abc");
        assertThat(SpecValidator.validate(spec))
                .extracting(FieldError::field)
                .containsExactly("resources.cpu", "resources.memory");
        spec.getResources().setCpu(0.05);
        spec.getResources().setMemory("1k");
        assertThat(SpecValidator.validate(spec))
                .extracting(FieldError::field)
                .containsExactly("resources.cpu", "resources.memory");
    }

    @Test
    void idleTimeoutIsZeroForOffOrPositive() {
        SandboxSpec spec = spec("busybox");
        spec.setIdleTimeoutSeconds(0L);
        assertThat(SpecValidator.validate(spec)).isEmpty();
        spec.setIdleTimeoutSeconds(600L);
        assertThat(SpecValidator.validate(spec)).isEmpty();
        spec.setIdleTimeoutSeconds(-1L);
        assertThat(SpecValidator.validate(spec)).extracting(FieldError::field).containsExactly("resources.idleTimeout");
    }

    @Test
    void checksPortsAndEnvironment() {
        SandboxSpec spec = spec("busybox");
        SandboxPort zero = new SandboxPort();
        zero.setInternal(0);
        SandboxPort bad = new SandboxPort();
        bad.setInternal(80);
        bad.setProtocol("sctp");
        bad.setSubdomain("Not_A_Label");
        spec.setPorts(List.of(zero, bad));
        spec.setEnv(Map.of("1BAD", "x"));
        assertThat(SpecValidator.validate(spec))
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder(
                        "ports[0].internal", "ports[1].protocol", "ports[1].subdomain", "environment.1BAD");
    }

    @Test
    void parsesSizes() {
        assertThat(Quantities.parseBytes("512m")).isEqualTo(512L * 1024 * 1024);
        assertThat(Quantities.parseBytes("1G")).isEqualTo(1024L * 1024 * 1024);
        assertThat(Quantities.parseBytes("1.5k")).isEqualTo(1536);
        assertThat(Quantities.parseBytes("100")).isEqualTo(100);
        assertThatThrownBy(() -> Quantities.parseBytes("12x")).hasMessageContaining("not a size");
    }

    @Test
    void everyCountSizeAndNumberHasABound() {
        SandboxSpec spec = spec("busybox");
        spec.getResources().setTimeoutSeconds(Long.MAX_VALUE);
        spec.getResources().setMemory("999999g");
        spec.setIdleTimeoutSeconds(Long.MAX_VALUE);
        spec.setRestartRequest(Integer.MAX_VALUE);
        spec.setCommand(java.util.Collections.nCopies(100_000, "x"));
        assertThat(SpecValidator.validate(spec))
                .extracting(FieldError::field)
                .contains(
                        "resources.timeout", "resources.memory", "resources.idleTimeout", "restartRequest", "command");

        SandboxSpec env = spec("busybox");
        Map<String, String> many = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 2000; i++) {
            many.put("V" + i, "x");
        }
        env.setEnv(many);
        assertThat(SpecValidator.validate(env)).extracting(FieldError::field).containsExactly("environment");
        env.setEnv(Map.of("BIG", "x".repeat(300 * 1024)));
        assertThat(SpecValidator.validate(env)).extracting(FieldError::field).containsExactly("environment");
        env.setEnv(Map.of("N".repeat(300), "x"));
        assertThat(SpecValidator.validate(env)).extracting(FieldError::field).allMatch(f -> f.length() < 100);

        SandboxSpec longArgs = spec("busybox");
        longArgs.setCommand(List.of("x".repeat(300 * 1024)));
        assertThat(SpecValidator.validate(longArgs))
                .extracting(FieldError::field)
                .containsExactly("command");

        SandboxSpec fine = spec("busybox");
        fine.getResources().setTimeoutSeconds(SpecValidator.MAX_TIMEOUT_SECONDS);
        fine.getResources().setMemory("256g");
        fine.setCommand(java.util.Collections.nCopies(SpecValidator.MAX_ARGUMENTS, "x"));
        assertThat(SpecValidator.validate(fine)).isEmpty();
    }
}
