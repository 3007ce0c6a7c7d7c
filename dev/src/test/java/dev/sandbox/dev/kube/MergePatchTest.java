package dev.sandbox.dev.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** RFC 7386 merge patches and the strategic merge patches that can be treated as one. */
class MergePatchTest {

    @Test
    void nullRemovesAndListsAreReplaced() throws Exception {
        JsonNode target = json("{\"a\":1,\"b\":{\"c\":2,\"d\":3},\"l\":[1,2]}");
        JsonNode result = MergePatch.apply(target, json("{\"a\":null,\"b\":{\"c\":5},\"l\":[3],\"n\":{\"x\":null}}"));
        assertThat(result).isEqualTo(json("{\"b\":{\"c\":5,\"d\":3},\"l\":[3],\"n\":{}}"));
        assertThat(target).as("target untouched").isEqualTo(json("{\"a\":1,\"b\":{\"c\":2,\"d\":3},\"l\":[1,2]}"));
    }

    @Test
    void strategicPatchWithoutListsOrDirectivesIsAMergePatch() throws Exception {
        assertThat(MergePatch.strategicToMerge(json("{\"data\":{\"a\":\"2\",\"b\":null},\"$patch\":\"merge\"}")))
                .isEqualTo(json("{\"data\":{\"a\":\"2\",\"b\":null}}"));
        assertThat(MergePatch.strategicToMerge(json("{\"spec\":{\"containers\":[{\"name\":\"x\"}]}}")))
                .isNull();
        assertThat(MergePatch.strategicToMerge(json("{\"spec\":{\"$retainKeys\":[\"type\"],\"type\":\"A\"}}")))
                .isNull();
        assertThat(MergePatch.strategicToMerge(json("{\"metadata\":{\"$setElementOrder/finalizers\":[\"a\"]}}")))
                .isNull();
    }

    private static JsonNode json(String text) throws Exception {
        return Serialization.jsonMapper().readTree(text);
    }
}
