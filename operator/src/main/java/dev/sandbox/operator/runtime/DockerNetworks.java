package dev.sandbox.operator.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import dev.sandbox.crd.Ipv4Cidr;
import dev.sandbox.operator.network.SandboxNetworking;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Networks} on a Docker engine: one bridge per networked sandbox, named for the node's firewall rules. */
final class DockerNetworks implements Networks {
    private static final Logger log = LoggerFactory.getLogger(DockerNetworks.class);
    private static final String BRIDGE_NAME = "com.docker.network.bridge.name";

    private final DockerEngine engine;
    private final DockerClient control;

    DockerNetworks(DockerEngine engine) {
        this.engine = engine;
        this.control = engine.control();
    }

    @Override
    public void ensureNetwork(String name, Map<String, String> labels, List<String> subnets) {
        Map<String, String> options = new HashMap<>(SandboxNetworking.bridgeOptions(name));
        // A per-sandbox bridge: the sandbox reaches its published ports and (as its firewall rules allow) the outside,
        // never another container. Its interface name is what the node's firewall rules match on.
        options.put("com.docker.network.bridge.enable_icc", "false");
        Network existing;
        try {
            existing = engine.call(
                    "inspect network",
                    () -> control.inspectNetworkCmd().withNetworkId(name).exec());
        } catch (NotFoundException e) {
            createNetwork(name, labels, options, subnets);
            return;
        }
        String bridge = options.get(BRIDGE_NAME);
        if (existing.getOptions() == null
                || !bridge.equals(existing.getOptions().get(BRIDGE_NAME))) {
            // Made before bridges were named for the firewall: rules could not match it, so it is replaced (removing it
            // fails while a container is still attached; the caller retries once the old container is gone).
            log.info("network {} has no firewall-named bridge; replacing it", name);
            removeNetwork(name);
            createNetwork(name, labels, options, subnets);
        }
    }

    private void createNetwork(
            String name, Map<String, String> labels, Map<String, String> options, List<String> subnets) {
        List<String> choices = subnets.isEmpty() ? Collections.singletonList(null) : subnets;
        DockerException last = null;
        for (String subnet : choices) {
            try {
                engine.call("create network", () -> {
                    var create = control.createNetworkCmd()
                            .withName(name)
                            .withDriver("bridge")
                            .withLabels(labels)
                            .withCheckDuplicate(true)
                            .withOptions(options);
                    if (subnet != null) {
                        // The first address is the bridge's own (the sandbox's gateway), as the engine would choose it.
                        Ipv4Cidr cidr = Ipv4Cidr.parse(subnet);
                        String gateway =
                                new Ipv4Cidr(cidr.address() + 1, 32).toString().replace("/32", "");
                        create = create.withIpam(new Network.Ipam()
                                .withConfig(new Network.Ipam.Config()
                                        .withSubnet(subnet)
                                        .withGateway(gateway)));
                    }
                    return create.exec();
                });
                return;
            } catch (ConflictException exists) {
                log.debug("network {} was created concurrently", name);
                return;
            } catch (DockerException refused) {
                // The engine refuses a subnet that overlaps one in use (another sandbox's, or anything else on the
                // node): the next choice is tried. Anything else is not about the address and goes to the caller.
                if (subnet == null
                        || !String.valueOf(refused.getMessage())
                                .toLowerCase(Locale.ROOT)
                                .contains("overlap")) {
                    throw refused;
                }
                last = refused;
            }
        }
        throw new IllegalStateException(
                "no free subnet for network " + name + " among " + choices.size()
                        + " choices of the sandbox network pool (SANDBOX_NETWORK_POOL); make the pool larger",
                last);
    }

    @Override
    public void removeNetwork(String name) {
        try {
            engine.call("remove network", () -> control.removeNetworkCmd(name).exec());
        } catch (NotFoundException gone) {
            log.debug("network {} was already removed", name);
        }
    }

    @Override
    public List<LabelledObject> listNetworks(Map<String, String> labels) {
        List<Network> networks = engine.call(
                "list networks",
                () -> control.listNetworksCmd()
                        .withFilter("label", DockerVolumes.labelFilters(labels))
                        .exec());
        List<LabelledObject> result = new ArrayList<>();
        for (Network n : networks) {
            result.add(new LabelledObject(n.getName(), n.getLabels() == null ? Map.of() : Map.copyOf(n.getLabels())));
        }
        return result;
    }
}
