package dev.sandbox.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateResolverTest {

    private static SandboxTemplateSpec python() {
        SandboxTemplateSpec t = new SandboxTemplateSpec();
        t.setImage("sandbox-busybox:local");
        t.setCommand(List.of("sleep", "infinity"));
        t.setEnv(new java.util.LinkedHashMap<>(Map.of("LANG", "C.UTF-8", "MODE", "template")));
        SandboxResources r = new SandboxResources();
        r.setCpu(0.5);
        r.setMemory("128m");
        r.setTimeoutSeconds(600L);
        t.setResources(r);
        t.setIdleTimeoutSeconds(300L);
        return t;
    }

    private static TemplateOverrides overrides(Map<String, String> env, Double cpu, List<String> command) {
        return new TemplateOverrides(
                null, null, null, command, null, env, cpu, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void templateFieldsFillWhatTheSandboxLeavesOut() {
        TemplateResolver.Resolution r =
                TemplateResolver.resolve("python", python(), overrides(Map.of("MODE", "mine"), 1.5, null));
        assertThat(r.ok()).isTrue();
        SandboxSpec spec = r.spec();
        assertThat(spec.getTemplateRef()).isEqualTo("python");
        assertThat(spec.getImage()).isEqualTo("sandbox-busybox:local");
        assertThat(spec.getCommand()).containsExactly("sleep", "infinity");
        assertThat(spec.getEnv()).containsEntry("LANG", "C.UTF-8").containsEntry("MODE", "mine");
        assertThat(spec.getResources().getCpu()).isEqualTo(1.5);
        assertThat(spec.getResources().getMemory()).isEqualTo("128m");
        assertThat(spec.getResources().getTimeoutSeconds()).isEqualTo(600L);
        assertThat(spec.getIdleTimeoutSeconds()).isEqualTo(300L);
        assertThat(SpecValidator.validate(spec)).isEmpty();
    }

    @Test
    void templateMountsReachTheSandboxInAListOfItsOwn() {
        SandboxTemplateSpec t = python();
        SandboxMount data = new SandboxMount("vol-1", "/data", true, "data");
        t.setMounts(new java.util.ArrayList<>(List.of(data)));
        SandboxSpec spec = TemplateResolver.resolve("python", t, overrides(null, null, null))
                .spec();
        assertThat(spec.getMounts()).containsExactly(data);
        t.getMounts().add(new SandboxMount("vol-2", "/more", false));
        assertThat(spec.getMounts()).containsExactly(data);
    }

    @Test
    void forbiddenOverrideIsNamed() {
        TemplateResolver.Resolution r =
                TemplateResolver.resolve("python", python(), overrides(null, null, List.of("sh")));
        assertThat(r.ok()).isFalse();
        assertThat(r.errors()).extracting(FieldError::field).containsExactly("command");
        assertThat(r.errors().get(0).message()).contains("does not allow overriding command");
    }

    @Test
    void emptyOverridableAllowsNothingAndAnExplicitListOpensFields() {
        SandboxTemplateSpec closed = python();
        closed.setOverridable(List.of());
        assertThat(TemplateResolver.resolve("t", closed, overrides(Map.of("A", "1"), null, null))
                        .errors())
                .extracting(FieldError::field)
                .containsExactly("environment");
        SandboxTemplateSpec open = python();
        open.setOverridable(List.of("command"));
        assertThat(TemplateResolver.resolve("t", open, overrides(null, null, List.of("sh")))
                        .spec()
                        .getCommand())
                .containsExactly("sh");
        assertThat(TemplateResolver.resolve("t", open, overrides(null, 2.0, null))
                        .errors())
                .extracting(FieldError::field)
                .containsExactly("resources.cpu");
    }

    @Test
    void unknownOverridableNamesAreInvalid() {
        SandboxTemplateSpec t = python();
        t.setOverridable(List.of("environment", "privileged"));
        assertThat(TemplateResolver.validate("t", t))
                .extracting(FieldError::field)
                .containsExactly("overridable[1]");
    }

    @Test
    void onlyEnvironmentLimitsAndClocksCanBeServedByAClaim() {
        assertThat(overrides(Map.of("A", "1"), 2.0, null).unclaimableFields()).isEmpty();
        assertThat(overrides(null, null, List.of("sh")).unclaimableFields()).containsExactly("command");
    }

    @Test
    void rawSpecTellsSetFieldsFromDefaults() {
        SandboxSpec spec = new SandboxSpec();
        spec.setTemplateRef("python");
        spec.getResources().setMemory("64m");
        TemplateOverrides o =
                TemplateOverrides.fromSpec(spec, Map.of("templateRef", "python", "resources", Map.of("memory", "64m")));
        assertThat(o.setFields()).containsExactly("resources.memory");
    }

    @Test
    void hashFollowsTheSpec() {
        SandboxTemplateSpec a = python();
        SandboxTemplateSpec b = python();
        assertThat(TemplateHash.of(a)).isEqualTo(TemplateHash.of(b)).hasSize(16);
        b.getEnv().put("NEW", "1");
        assertThat(TemplateHash.of(a)).isNotEqualTo(TemplateHash.of(b));
    }

    @Test
    void aTemplateMadeFromASnapshotStartsItsSandboxesFromIt() {
        SandboxTemplateSpec t = python();
        t.setImage(null);
        t.setSnapshot("before-upgrade");
        TemplateResolver.Resolution r = TemplateResolver.resolve("python", t, TemplateOverrides.none());
        assertThat(r.ok()).isTrue();
        assertThat(r.spec().getSnapshot()).isEqualTo("before-upgrade");
        assertThat(r.spec().getImage()).isNull();
        assertThat(SpecValidator.validate(r.spec()))
                .as("a snapshot brings its own image")
                .isEmpty();
    }
}
