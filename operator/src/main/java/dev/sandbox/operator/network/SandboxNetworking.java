package dev.sandbox.operator.network;

import dev.sandbox.crd.NetworkMode;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxNetwork;
import dev.sandbox.crd.SandboxNetworkStatus;
import dev.sandbox.operator.OperatorConfig;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.runtime.ContainerSpec;
import dev.sandbox.operator.runtime.Networks;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network step of a sandbox: its private bridge and the firewall rules that keep it to the outside world (or to
 * nothing), made before the container and checked again on every reconcile, so rules lost to an operator or engine
 * restart, or to someone flushing the node's firewall, come back within one resync.
 */
public final class SandboxNetworking {
    private static final Logger log = LoggerFactory.getLogger(SandboxNetworking.class);

    private final Networks runtime;
    private final SandboxFirewall firewall;
    private final OperatorConfig config;

    public SandboxNetworking(Networks runtime, SandboxFirewall firewall, OperatorConfig config) {
        this.runtime = runtime;
        this.firewall = firewall;
        this.config = config;
    }

    /** Makes the sandbox's network and its rules exist as the spec says; nothing for a sandbox without a network. */
    public void ensure(Sandbox sandbox, ContainerSpec plan) {
        if ("none".equals(plan.network())) {
            return;
        }
        runtime.ensureNetwork(
                plan.network(),
                SandboxNames.labels(sandbox, config.installation(), config.nodeName(), "network"),
                SubnetPool.choices(config.network().subnetPool(), plan.network()));
        FirewallPlan rules = EgressRules.plan(
                sandbox.getSpec(),
                sandbox.getMetadata().getNamespace(),
                sandbox.getMetadata().getName(),
                sandbox.getMetadata().getUid(),
                config.nodeName(),
                plan.network(),
                config.network());
        if (firewall.apply(rules)) {
            log.info(
                    "sandbox {}/{}: firewall rules of bridge {} written ({}, {} rules)",
                    sandbox.getMetadata().getNamespace(),
                    sandbox.getMetadata().getName(),
                    rules.bridge(),
                    SandboxNetwork.effectiveMode(sandbox.getSpec()).name().toLowerCase(java.util.Locale.ROOT),
                    rules.rules().size());
        }
    }

    /** Removes the rules of a deleted sandbox's network (the network itself is removed by the caller). */
    public void remove(String uid) {
        firewall.remove(BridgeNames.bridge(SandboxNames.network(uid)));
    }

    /** What {@code status.network} says about the sandbox. */
    public SandboxNetworkStatus status(Sandbox sandbox) {
        NetworkMode mode = SandboxNetwork.effectiveMode(sandbox.getSpec());
        if (!SandboxNetwork.needsBridge(sandbox.getSpec())) {
            return new SandboxNetworkStatus(mode, null, null);
        }
        return new SandboxNetworkStatus(
                mode,
                BridgeNames.bridge(SandboxNames.network(sandbox.getMetadata().getUid())),
                firewall.enabled());
    }

    /** Options of the Docker network: the bridge interface named so that the firewall rules can match it. */
    public static Map<String, String> bridgeOptions(String networkName) {
        return Map.of("com.docker.network.bridge.name", BridgeNames.bridge(networkName));
    }
}
