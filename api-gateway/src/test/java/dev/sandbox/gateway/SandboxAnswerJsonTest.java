package dev.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandbox.client.ResourceConfig;
import dev.sandbox.crd.Sandbox;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/**
 * The sandbox answer is the SDK's record written in the REST API's form: fields in the documented order, and limits
 * that name every field, null ones included (the SDK's own JSON leaves them out, as a request body should).
 */
class SandboxAnswerJsonTest {
    @Test
    void aNewSandboxIsAnsweredInTheRestOrderWithEveryLimitNamed() {
        Sandbox sandbox = Serialization.unmarshal("""
        apiVersion: sandbox.dev/v1alpha1
        kind: Sandbox
        metadata:
          name: sbx-1
          namespace: default
          creationTimestamp: "2026-11-26T15:00:00Z"
        spec:
          image: busybox
        """, Sandbox.class);

        assertThat(Json.write(SandboxView.from(sandbox))).isEqualTo("""
                        {"id":"sbx-1","phase":"Pending","image":"busybox","command":null,"entrypoint":null,"environment":{},"resources":{"cpu":1.0,"memory":"512m","disk":"1g","gpu":null,"timeout":null,"maxRetries":0,"idleTimeout":null,"idleAction":null},"disk":null,"ports":[],"desiredState":"Running","containerId":null,"node":null,"createdAt":"2026-11-26T15:00:00Z","startedAt":null,"finishedAt":null,"restartCount":0,"exitCode":null,"reason":null,"message":"waiting for the operator","generation":null,"observedGeneration":null,"expiresAt":null,"shutdownPolicy":"delete","logTail":null,"buildLog":null,"mounts":[],"public":false,"snapshot":null,"labels":{},"template":null,"start":null,"startMessage":null,"pool":null,"claimedAt":null,"network":{"mode":"none","allow":[],"deny":[],"enforced":null}}""");
    }

    @Test
    void theSdkStillLeavesNullLimitsOutOfARequest() throws Exception {
        assertThat(new ObjectMapper().writeValueAsString(ResourceConfig.defaults()))
                .isEqualTo("{\"cpu\":1.0,\"memory\":\"512m\"}");
    }
}
