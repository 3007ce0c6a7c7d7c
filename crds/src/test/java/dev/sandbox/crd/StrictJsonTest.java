package dev.sandbox.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrictJsonTest {
    record Inner(Integer size, Boolean readOnly) {}

    record Body(String name, Double cpu, List<Inner> items, Map<String, String> env) {}

    @Test
    void readsWhatFits() {
        Body body = StrictJson.read(
                "{\"name\": \"a\", \"cpu\": 1.5, \"items\": [{\"size\": 3, \"readOnly\": true}], \"env\": {\"K\": \"v\"}}",
                Body.class);
        assertThat(body).isEqualTo(new Body("a", 1.5, List.of(new Inner(3, true)), Map.of("K", "v")));
    }

    @Test
    void namesTheFieldOfEveryMistake() {
        assertInvalid("{\"nmae\": \"a\"}", "nmae", "unknown field 'nmae'");
        assertInvalid(
                "{\"items\": [{\"size\": 1}, {\"size\": \"2\"}]}",
                "items[1].size",
                "invalid value for 'items[1].size'");
        assertInvalid("{\"items\": [{\"readOnly\": 1}]}", "items[0].readOnly", "invalid value");
        assertInvalid("{\"cpu\": \"2\"}", "cpu", "invalid value for 'cpu'");
        assertInvalid("{\"name\": 7}", "name", "invalid value for 'name'");
    }

    @Test
    void refusesMalformedBodiesAsAWhole() {
        assertInvalid("", null, "a JSON request body is required");
        assertInvalid("null", null, "must be a JSON object");
        assertInvalid("{\"name\": \"a\"} {}", null, "");
        assertInvalid("{\"name\": \"a\", \"name\": \"b\"}", null, "malformed JSON");
        assertInvalid("{\"name\": ", null, "malformed JSON");
    }

    @Test
    void writesEveryField() {
        assertThat(StrictJson.write(new Inner(null, false))).isEqualTo("{\"size\":null,\"readOnly\":false}");
    }

    private static void assertInvalid(String json, String field, String message) {
        assertThatThrownBy(() -> StrictJson.read(json, Body.class))
                .isInstanceOfSatisfying(StrictJson.InvalidJsonException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
