package dev.sandbox.operator;

import dev.sandbox.crd.Ipv4Cidr;
import dev.sandbox.crd.PortRange;
import dev.sandbox.crd.ReservedPorts;
import dev.sandbox.db.ProcessEnvironment;
import dev.sandbox.operator.network.SubnetPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the node confines the networks of its sandboxes and which node ports it hands out.
 *
 * @param firewall enforce network isolation and egress rules with iptables (off only where something else does it)
 * @param blockedCidrs ranges no sandbox may reach whatever its own lists say: the cluster's pod and service ranges and
 *     the private networks around the node; link-local, loopback, multicast and reserved ranges are blocked besides
 * @param dnsServers resolvers sandboxes with egress may query on port 53 even inside a blocked range (Docker's embedded
 *     DNS forwards the sandboxes' queries to them)
 * @param portRange node ports published sandbox ports come from
 * @param reservedPorts ports never handed to a sandbox even inside the range (the platform's own)
 * @param subnetPool the range the private networks of sandboxes take their addresses from, a {@code /28} each
 *     ({@code SANDBOX_NETWORK_POOL}); the Docker engine's own default pools hold only about thirty networks
 */
public record NetworkConfig(
        boolean firewall,
        List<Ipv4Cidr> blockedCidrs,
        List<Ipv4Cidr> dnsServers,
        PortRange portRange,
        Set<Integer> reservedPorts,
        Ipv4Cidr subnetPool) {

    /** Private and shared address space: where cluster pod and service ranges and the node's neighbours live. */
    public static final String DEFAULT_BLOCKED = "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10";

    /** Ranges that are never a destination on the outside: "this" network, loopback, link-local (metadata), multicast, reserved. */
    public static final List<Ipv4Cidr> ALWAYS_BLOCKED = List.of(
            Ipv4Cidr.parse("0.0.0.0/8"),
            Ipv4Cidr.parse("127.0.0.0/8"),
            Ipv4Cidr.parse("169.254.0.0/16"),
            Ipv4Cidr.parse("224.0.0.0/4"),
            Ipv4Cidr.parse("240.0.0.0/4"));

    /** Where sandbox networks take their addresses by default: 4,096 networks, clear of the usual cluster ranges. */
    public static final String DEFAULT_SUBNET_POOL = "10.223.0.0/16";

    public NetworkConfig {
        if (subnetPool != null && subnetPool.prefix() > SubnetPool.PREFIX) {
            throw new IllegalArgumentException("SANDBOX_NETWORK_POOL: " + subnetPool
                    + " is smaller than one sandbox network (/" + SubnetPool.PREFIX + ")");
        }
        blockedCidrs = List.copyOf(blockedCidrs);
        dnsServers = List.copyOf(dnsServers);
        reservedPorts = Set.copyOf(reservedPorts);
    }

    /** Firewall on, private ranges blocked, the resolvers of this machine's {@code /etc/resolv.conf}, ports 30000-32767. */
    public static NetworkConfig defaults() {
        return new NetworkConfig(
                true,
                cidrs(DEFAULT_BLOCKED),
                resolvers(Path.of("/etc/resolv.conf")),
                PortRange.DEFAULT,
                ReservedPorts.defaults(),
                Ipv4Cidr.parse(DEFAULT_SUBNET_POOL));
    }

    /**
     * Reads {@code SANDBOX_FIREWALL}, {@code SANDBOX_BLOCKED_CIDRS}, {@code SANDBOX_DNS_SERVERS}, {@code SANDBOX_PORT_RANGE}
     * {@code SANDBOX_RESERVED_PORTS} and {@code SANDBOX_NETWORK_POOL}; a malformed value stops the start with a message naming the variable.
     */
    public static NetworkConfig fromEnvironment(Map<String, String> env) {
        NetworkConfig d = defaults();
        ProcessEnvironment settings = new ProcessEnvironment(env);
        return new NetworkConfig(
                settings.flag("SANDBOX_FIREWALL", d.firewall()),
                settings.parsed("SANDBOX_BLOCKED_CIDRS", NetworkConfig::cidrs, d.blockedCidrs()),
                settings.parsed("SANDBOX_DNS_SERVERS", NetworkConfig::cidrs, d.dnsServers()),
                settings.parsed("SANDBOX_PORT_RANGE", PortRange::parse, d.portRange()),
                settings.parsed("SANDBOX_RESERVED_PORTS", ReservedPorts::parse, d.reservedPorts()),
                settings.parsedUnlessBlank("SANDBOX_NETWORK_POOL", Ipv4Cidr::parse, d.subnetPool()));
    }

    /** A copy with other blocked ranges. */
    public NetworkConfig withBlockedCidrs(List<Ipv4Cidr> cidrs) {
        return new NetworkConfig(firewall, cidrs, dnsServers, portRange, reservedPorts, subnetPool);
    }

    /** A copy handing out ports from {@code range}. */
    public NetworkConfig withPortRange(PortRange range) {
        return new NetworkConfig(firewall, blockedCidrs, dnsServers, range, reservedPorts, subnetPool);
    }

    /** A copy that reserves {@code more} ports besides these. */
    public NetworkConfig reserving(Set<Integer> more) {
        Set<Integer> all = new LinkedHashSet<>(reservedPorts);
        all.addAll(more);
        return new NetworkConfig(firewall, blockedCidrs, dnsServers, portRange, all, subnetPool);
    }

    /** Comma-separated CIDRs; an empty string is an empty list. */
    public static List<Ipv4Cidr> cidrs(String text) {
        List<Ipv4Cidr> result = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                result.add(Ipv4Cidr.parse(part.trim()));
            }
        }
        return result;
    }

    /** The IPv4 name servers of a resolv.conf, leaving out loopback ones (Docker does not hand those to containers). */
    static List<Ipv4Cidr> resolvers(Path resolvConf) {
        List<Ipv4Cidr> result = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(resolvConf)) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2 && f[0].equals("nameserver")) {
                    try {
                        Ipv4Cidr server = Ipv4Cidr.parse(f[1]);
                        if ((server.address() >>> 24) != 127) {
                            result.add(server);
                        }
                    } catch (IllegalArgumentException notIpv4) {
                        // An IPv6 resolver: sandboxes have no IPv6, so it is of no use to them.
                    }
                }
            }
        } catch (IOException | SecurityException unreadable) {
            return List.of();
        }
        return result;
    }
}
