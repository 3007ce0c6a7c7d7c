package dev.sandbox.operator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox.agent.AgentExecRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecPolicyTest {
    private final ExecPolicy policy = new ExecPolicy(ExecUsers.parse("1000-65534,www-data"));

    private static AgentExecRequest request(List<String> command) {
        return new AgentExecRequest(command, null, null, null, null, null, null);
    }

    @Test
    void defaultsRunInTheWorkspaceAsTheSandboxUserForAMinute() {
        ExecPlan plan = policy.plan(request(List.of("id")), "1000:1000", false);
        assertThat(plan.command().workdir()).isEqualTo("/workspace");
        assertThat(plan.command().user()).isNull();
        assertThat(plan.command().env()).isEmpty();
        assertThat(plan.command().stdin()).isFalse();
        assertThat(plan.timeout().toSeconds()).isEqualTo(60);
        assertThat(plan.maxOutputBytes()).isEqualTo(1 << 20);
    }

    @Test
    void optionsAreApplied() {
        ExecPlan plan = policy.plan(
                new AgentExecRequest(List.of("env"), 5, "src/../app", Map.of("A", "1"), "2000:2000", true, 10),
                "1000:1000",
                true);
        assertThat(plan.command().workdir()).isEqualTo("/workspace/app");
        assertThat(plan.command().env()).containsExactly("A=1");
        assertThat(plan.command().user()).isEqualTo("2000:2000");
        assertThat(plan.command().stdin()).isTrue();
        assertThat(plan.timeout().toSeconds()).isEqualTo(5);
        assertThat(plan.maxOutputBytes()).isEqualTo(10);
        assertThat(policy.plan(
                                new AgentExecRequest(List.of("pwd"), null, "/tmp", null, null, null, null),
                                "1000",
                                false)
                        .command()
                        .workdir())
                .isEqualTo("/tmp");
    }

    @Test
    void rootIsRefusedUnlessTheSandboxRunsAsRoot() {
        for (String root : List.of("root", "0", "0:0", "1000:0", "1000:root", "00")) {
            assertThatThrownBy(() -> policy.user(root, "1000:1000")).isInstanceOfSatisfying(AgentException.class, e -> {
                assertThat(e.field()).isEqualTo("user");
                assertThat(e.getMessage()).contains("root");
            });
        }
        assertThat(policy.user("root", "")).isEqualTo("root");
        assertThat(policy.user("0", "0:0")).isEqualTo("0");
        assertThat(policy.user("nobody", "root")).isEqualTo("nobody");
    }

    @Test
    void onlyTheSandboxUserAndTheAllowListAreAccepted() {
        assertThat(policy.user("1000", "1000:1000")).isEqualTo("1000");
        assertThat(policy.user("sandbox", "sandbox")).isEqualTo("sandbox");
        assertThat(policy.user("www-data", "1000")).isEqualTo("www-data");
        assertThat(policy.user("65534", "1000")).isEqualTo("65534");
        for (String bad : List.of("999", "daemon", "1000:42", "70000")) {
            assertThatThrownBy(() -> policy.user(bad, "1000:1000"))
                    .isInstanceOfSatisfying(
                            AgentException.class,
                            e -> assertThat(e.getMessage())
                                    .contains("not an allowed user")
                                    .contains("1000-65534"));
        }
        assertThatThrownBy(() -> policy.user("a b", "1000"))
                .isInstanceOfSatisfying(
                        AgentException.class, e -> assertThat(e.field()).isEqualTo("user"));
    }

    @Test
    void badInputNamesTheField() {
        assertThatThrownBy(() -> policy.plan(request(List.of()), "1000", false))
                .hasFieldOrPropertyWithValue("field", "command");
        assertThatThrownBy(() -> policy.plan(request(java.util.Arrays.asList("a", null)), "1000", false))
                .hasFieldOrPropertyWithValue("field", "command[1]");
        assertThatThrownBy(() ->
                        policy.plan(new AgentExecRequest(List.of("a"), 0, null, null, null, null, null), "1000", false))
                .hasFieldOrPropertyWithValue("field", "timeoutSeconds");
        assertThatThrownBy(() -> policy.plan(
                        new AgentExecRequest(List.of("a"), 3601, null, null, null, null, null), "1000", false))
                .hasFieldOrPropertyWithValue("field", "timeoutSeconds");
        assertThatThrownBy(() -> policy.plan(
                        new AgentExecRequest(List.of("a"), null, "a\0b", null, null, null, null), "1000", false))
                .hasFieldOrPropertyWithValue("field", "workdir");
        assertThatThrownBy(() -> policy.plan(
                        new AgentExecRequest(List.of("a"), null, null, Map.of("1X", "v"), null, null, null),
                        "1000",
                        false))
                .hasFieldOrPropertyWithValue("field", "environment.1X");
        assertThatThrownBy(() -> policy.plan(
                        new AgentExecRequest(List.of("a"), null, null, null, null, true, null), "1000", false))
                .hasFieldOrPropertyWithValue("field", "stdin");
    }

    @Test
    void theEnvironmentFollowsTheRulesOfASandboxsEnvironment() {
        // A claimed sandbox's variables (up to 1024) plus the command's own: more than the old node-only cap of 256.
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 1500; i++) {
            env.put("VAR_" + i, "v");
        }
        env.put("my.dotted-name", "1");
        ExecPlan plan =
                policy.plan(new AgentExecRequest(List.of("env"), null, null, env, null, null, null), "1000", false);
        assertThat(plan.command().env()).hasSize(1501).contains("my.dotted-name=1");
        for (int i = 1500; i <= dev.sandbox.agent.ExecLimits.MAX_ENV_ENTRIES; i++) {
            env.put("VAR_" + i, "v");
        }
        assertThatThrownBy(() -> policy.plan(
                        new AgentExecRequest(List.of("env"), null, null, env, null, null, null), "1000", false))
                .hasFieldOrPropertyWithValue("field", "environment");
    }

    @Test
    void allowListSyntax() {
        ExecUsers users = ExecUsers.parse(" 33, 2000-2010 ,web ");
        assertThat(users.allows("33")).isTrue();
        assertThat(users.allows("2005")).isTrue();
        assertThat(users.allows("2011")).isFalse();
        assertThat(users.allows("web")).isTrue();
        assertThat(ExecUsers.parse("0-100").allows("0")).isFalse();
        assertThatThrownBy(() -> ExecUsers.parse("a b")).isInstanceOf(IllegalArgumentException.class);
    }
}
