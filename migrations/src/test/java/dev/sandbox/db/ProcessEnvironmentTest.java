package dev.sandbox.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessEnvironmentTest {
    private final ProcessEnvironment env = new ProcessEnvironment(Map.of(
            "TEXT", "",
            "BLANK", "  ",
            "NUMBER", "42",
            "PORT", "70000",
            "SECONDS", "soon",
            "FLAG", "TRUE",
            "SIZE", " 7 "));

    @Test
    void unsetVariablesTakeTheirDefaultsAndEmptyTextStaysEmpty() {
        assertThat(env.text("MISSING", "fallback")).isEqualTo("fallback");
        assertThat(env.text("TEXT", "fallback")).isEmpty();
        assertThat(env.optional("BLANK")).isNull();
        assertThat(env.optional("MISSING")).isNull();
        assertThat(env.number("MISSING", 9)).isEqualTo(9);
        assertThat(env.seconds("MISSING", Duration.ofSeconds(3))).hasSeconds(3);
        assertThat(env.flag("MISSING", true)).isTrue();
        assertThat(env.parsedUnlessBlank("BLANK", Integer::parseInt, 5)).isEqualTo(5);
    }

    @Test
    void setVariablesAreParsed() {
        assertThat(env.integer("NUMBER", 0)).isEqualTo(42);
        assertThat(env.hours("NUMBER", Duration.ZERO)).hasHours(42);
        assertThat(env.decimal("NUMBER", 0)).isEqualTo(42.0);
        assertThat(env.flag("FLAG", false)).isTrue();
        assertThat(env.flag("NUMBER", true)).isFalse();
        assertThat(env.parsedUnlessBlank("SIZE", Integer::parseInt, 0)).isEqualTo(7);
    }

    @Test
    void aMalformedValueIsRefusedNamingTheVariableAndTheValue() {
        assertThatThrownBy(() -> env.seconds("SECONDS", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SECONDS must be a whole number of seconds, not 'soon'");
        assertThatThrownBy(() -> env.port("PORT", 0))
                .hasMessage("PORT must be a port number from 0 to 65535, not '70000'");
        assertThatThrownBy(() -> env.number("TEXT", 0)).hasMessage("TEXT must be a whole number, not ''");
        assertThatThrownBy(() -> env.parsed(
                        "NUMBER",
                        v -> {
                            throw new IllegalArgumentException("'" + v + "' is not a size");
                        },
                        0L))
                .hasMessage("NUMBER: '42' is not a size");
        assertThatThrownBy(() -> env.required("BLANK", "say what it is for"))
                .hasMessage("BLANK is not set: say what it is for");
    }
}
