package dev.sandbox.operator.network;

import dev.sandbox.crd.PortRange;
import dev.sandbox.crd.ResolvedPort;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPort;
import dev.sandbox.operator.runtime.ContainerSpec;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Chooses the node ports of a sandbox's published ports from the administrator's range, and checks the ones asked for
 * explicitly. A port is free when no other sandbox claims it (asked for or published, from the informer's view of all
 * sandboxes), it was not handed out a moment ago by this node (a container being created does not hold its port yet),
 * and it can be bound on the publish address right now (which also catches every other program on the node).
 */
public final class PortAllocator {
    private static final Duration HELD_AFTER_HANDOUT = Duration.ofMinutes(2);

    private final PortRange range;
    private final Set<Integer> reserved;
    private final String hostAddress;
    private final Supplier<Collection<Sandbox>> sandboxes;
    private final Map<Integer, Instant> handedOut = new HashMap<>();

    public PortAllocator(
            PortRange range, Set<Integer> reserved, String hostAddress, Supplier<Collection<Sandbox>> sandboxes) {
        this.range = range;
        this.reserved = Set.copyOf(reserved);
        this.hostAddress = hostAddress;
        this.sandboxes = sandboxes;
    }

    /**
     * The ports of {@code planned} with every node port filled in: explicit ones checked, missing ones chosen (the port a
     * previous container of the sandbox had, when still free, so a recreation keeps its address).
     *
     * @throws PortInUseException naming the field when an explicit port is taken or the range is exhausted
     */
    public synchronized List<ContainerSpec.PublishedPort> resolve(
            Sandbox sandbox, List<ContainerSpec.PublishedPort> planned) {
        Instant now = Instant.now();
        handedOut.values().removeIf(t -> t.isBefore(now.minus(HELD_AFTER_HANDOUT)));
        Set<Integer> claimedByOthers = claimedByOthers(sandbox);
        List<ResolvedPort> previous =
                sandbox.getStatus() == null ? List.of() : sandbox.getStatus().getPorts();
        List<ContainerSpec.PublishedPort> result = new ArrayList<>();
        Set<Integer> mine = new HashSet<>();
        for (int i = 0; i < planned.size(); i++) {
            ContainerSpec.PublishedPort p = planned.get(i);
            String field = "ports[" + i + "].external";
            int port = p.hostPort();
            if (port > 0) {
                if (claimedByOthers.contains(port) || !bindable(port, p.transport())) {
                    throw new PortInUseException(
                            field,
                            "port " + port + " is already in use on this node (by another sandbox or program);"
                                    + " the sandbox starts once it is free");
                }
            } else {
                Integer before = previous.stream()
                        .filter(r -> Objects.equals(r.internal(), p.containerPort()))
                        .map(ResolvedPort::external)
                        .filter(Objects::nonNull)
                        .findFirst()
                        .orElse(null);
                if (before != null && range.contains(before) && usable(before, p.transport(), claimedByOthers, mine)) {
                    port = before;
                } else {
                    port = choose(p.transport(), claimedByOthers, mine, field);
                }
            }
            mine.add(port);
            handedOut.put(port, now);
            result.add(new ContainerSpec.PublishedPort(p.containerPort(), port, p.hostIp(), p.transport()));
        }
        return result;
    }

    /** Forgets what was handed out to a sandbox that is gone, so its ports are free at once. */
    public synchronized void release(Collection<Integer> ports) {
        ports.forEach(handedOut::remove);
    }

    private int choose(String transport, Set<Integer> claimed, Set<Integer> mine, String field) {
        // From a random point, so that concurrent nodes and restarts do not all try the same first ports.
        int start = ThreadLocalRandom.current().nextInt(range.size());
        for (int k = 0; k < range.size(); k++) {
            int port = range.first() + (start + k) % range.size();
            if (usable(port, transport, claimed, mine)) {
                return port;
            }
        }
        throw new PortInUseException(field, "no free port left in the node port range " + range);
    }

    private boolean usable(int port, String transport, Set<Integer> claimed, Set<Integer> mine) {
        return !reserved.contains(port)
                && !claimed.contains(port)
                && !mine.contains(port)
                && !handedOut.containsKey(port)
                && bindable(port, transport);
    }

    private Set<Integer> claimedByOthers(Sandbox sandbox) {
        Set<Integer> claimed = new HashSet<>();
        String uid = sandbox.getMetadata().getUid();
        for (Sandbox other : sandboxes.get()) {
            if (other.getMetadata() == null
                    || Objects.equals(uid, other.getMetadata().getUid())
                    || other.getSpec() == null) {
                continue;
            }
            for (SandboxPort p : other.getSpec().getPorts()) {
                if (p != null && p.getExternal() != null) {
                    claimed.add(p.getExternal());
                }
            }
            if (other.getStatus() != null) {
                other.getStatus().getPorts().forEach(r -> {
                    if (r.external() != null) {
                        claimed.add(r.external());
                    }
                });
            }
        }
        return claimed;
    }

    private boolean bindable(int port, String transport) {
        return canBind(hostAddress, port, transport);
    }

    /** Whether {@code port} can be bound on {@code host} now (and so by Docker a moment later); {@code transport} tcp or udp. */
    public static boolean canBind(String host, int port, String transport) {
        try {
            InetAddress address = InetAddress.getByName(host);
            if ("udp".equals(transport)) {
                try (DatagramSocket socket = new DatagramSocket(null)) {
                    socket.setReuseAddress(false);
                    socket.bind(new InetSocketAddress(address, port));
                }
            } else {
                try (ServerSocket socket = new ServerSocket()) {
                    socket.setReuseAddress(false);
                    socket.bind(new InetSocketAddress(address, port));
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
