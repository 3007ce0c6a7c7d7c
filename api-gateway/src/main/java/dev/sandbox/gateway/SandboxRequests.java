package dev.sandbox.gateway;

import dev.sandbox.crd.IdleAction;
import dev.sandbox.crd.NetworkMode;
import dev.sandbox.crd.SandboxNetwork;
import dev.sandbox.crd.SandboxPort;
import dev.sandbox.crd.SandboxResources;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.crd.ShutdownPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The REST API's create request as a Sandbox spec: a plain translation that names the REST field of every problem it
 * finds. What the spec means as a whole (limits, names, paths) is checked afterwards by the CRD's own validator.
 */
final class SandboxRequests {
    private SandboxRequests() {}

    /** The spec a create request asks for (without template, snapshot and volumes, which need lookups). */
    static SandboxSpec toSpec(CreateSandboxRequest request) {
        SandboxSpec spec = new SandboxSpec();
        if (request.image() == null && request.buildContext() == null && request.snapshot() == null) {
            throw ApiException.invalid(
                    "image", "'image' is required (or give a buildContext to build one, or a snapshot to start from)");
        }
        spec.setImage(request.image());
        spec.setBuildContext(request.buildContext() == null ? null : new LinkedHashMap<>(request.buildContext()));
        spec.setForceBuild(request.forceBuild());
        if (request.shutdownPolicy() != null) {
            spec.setShutdownPolicy(shutdownPolicy(request.shutdownPolicy()));
        }
        spec.setCommand(Commands.parse(request.command(), "command"));
        spec.setEntrypoint(Commands.parse(request.entrypoint(), "entrypoint"));
        if (request.environment() != null) {
            spec.setEnv(new LinkedHashMap<>(request.environment()));
        }
        CreateSandboxRequest.Resources r = request.resources();
        SandboxResources resources = limits(r);
        if (r != null) {
            if (r.disk() != null) {
                resources.setDisk(r.disk());
            }
            spec.setIdleTimeoutSeconds(r.idleTimeout());
            if (r.idleAction() != null) {
                spec.setIdleAction(idleAction(r.idleAction()));
            }
        }
        spec.setResources(resources);
        spec.setPorts(ports(request.ports()));
        spec.setNetwork(network(request.network()));
        return spec;
    }

    /** The CPU, memory, GPU, lifetime and retry limits a request asks for; defaults where it names none. */
    static SandboxResources limits(CreateSandboxRequest.Resources r) {
        SandboxResources resources = new SandboxResources();
        if (r != null) {
            if (r.cpu() != null) {
                resources.setCpu(r.cpu());
            }
            if (r.memory() != null) {
                resources.setMemory(r.memory());
            }
            resources.setGpu(r.gpu());
            resources.setTimeoutSeconds(r.timeout());
            resources.setMaxRetries(r.maxRetries());
        }
        return resources;
    }

    static IdleAction idleAction(String value) {
        return Arrays.stream(IdleAction.values())
                .filter(a -> a.name().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() ->
                        ApiException.invalid("resources.idleAction", "'resources.idleAction' must be stop or pause"));
    }

    static ShutdownPolicy shutdownPolicy(String value) {
        return Arrays.stream(ShutdownPolicy.values())
                .filter(p -> p.name().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() -> ApiException.invalid("shutdownPolicy", "'shutdownPolicy' must be delete or stop"));
    }

    static List<SandboxPort> ports(List<CreateSandboxRequest.Port> requested) {
        List<SandboxPort> ports = new ArrayList<>();
        if (requested != null) {
            for (int i = 0; i < requested.size(); i++) {
                CreateSandboxRequest.Port p = requested.get(i);
                if (p == null) {
                    throw ApiException.invalid("ports[" + i + "]", "a port must be an object");
                }
                if (p.internal() == null) {
                    throw ApiException.invalid("ports[" + i + "].internal", "'internal' is required");
                }
                SandboxPort port = new SandboxPort();
                port.setInternal(p.internal());
                port.setExternal(p.external());
                port.setProtocol(p.protocol() == null ? "http" : p.protocol());
                port.setSubdomain(p.subdomain());
                ports.add(port);
            }
        }
        return ports;
    }

    static SandboxNetwork network(CreateSandboxRequest.Network n) {
        if (n == null) {
            return null;
        }
        NetworkMode mode = null;
        if (n.mode() != null) {
            mode = Arrays.stream(NetworkMode.values())
                    .filter(m -> m.name().equalsIgnoreCase(n.mode()))
                    .findFirst()
                    .orElseThrow(() -> ApiException.invalid("network.mode", "'network.mode' must be none or egress"));
        }
        for (String list : new String[] {"allow", "deny"}) {
            List<String> entries = list.equals("allow") ? n.allow() : n.deny();
            if (entries != null && entries.contains(null)) {
                throw ApiException.invalid(
                        "network." + list + "[" + entries.indexOf(null) + "]",
                        "must be an IPv4 address or CIDR, not null");
            }
        }
        return new SandboxNetwork(mode, n.allow(), n.deny());
    }
}
