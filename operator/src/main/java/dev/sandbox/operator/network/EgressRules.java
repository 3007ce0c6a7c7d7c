package dev.sandbox.operator.network;

import dev.sandbox.crd.Ipv4Cidr;
import dev.sandbox.crd.NetworkMode;
import dev.sandbox.crd.SandboxNetwork;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.operator.NetworkConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a sandbox's network settings into the rules of its firewall chain. Pure: no I/O.
 *
 * <p>The chain sees only new connections the sandbox opens towards something that is not the node itself (those are
 * refused before, in the node's INPUT chain) and not another sandbox. In order: DNS to the node's resolvers (egress
 * only); the ranges no sandbox may reach; everything when the mode is {@code None}; then the sandbox's own entries,
 * most specific first, so the longest matching prefix decides (on a tie, deny); then a final refusal when an allow
 * list was given. RETURN hands the packet back to Docker's own chains, which forward it.
 */
public final class EgressRules {
    static final List<String> REJECT = List.of("-j", "REJECT", "--reject-with", "icmp-admin-prohibited");

    private EgressRules() {}

    public static FirewallPlan plan(
            SandboxSpec spec,
            String namespace,
            String name,
            String uid,
            String node,
            String networkName,
            NetworkConfig config) {
        String bridge = BridgeNames.bridge(networkName);
        String chain = BridgeNames.chain(bridge);
        String comment = "sandbox " + namespace + "/" + name + " uid=" + uid + " node=" + node;
        return new FirewallPlan(bridge, chain, comment, rules(spec, config));
    }

    static List<List<String>> rules(SandboxSpec spec, NetworkConfig config) {
        List<List<String>> rules = new ArrayList<>();
        NetworkMode mode = SandboxNetwork.effectiveMode(spec);
        if (mode == NetworkMode.None) {
            rules.add(REJECT);
            return rules;
        }
        for (Ipv4Cidr dns : config.dnsServers()) {
            rules.add(List.of("-d", dns.toString(), "-p", "udp", "-m", "udp", "--dport", "53", "-j", "RETURN"));
            rules.add(List.of("-d", dns.toString(), "-p", "tcp", "-m", "tcp", "--dport", "53", "-j", "RETURN"));
        }
        for (Ipv4Cidr blocked : NetworkConfig.ALWAYS_BLOCKED) {
            rules.add(reject(blocked));
        }
        for (Ipv4Cidr blocked : config.blockedCidrs()) {
            rules.add(reject(blocked));
        }
        SandboxNetwork network = spec.getNetwork();
        List<Entry> entries = new ArrayList<>();
        if (network != null) {
            network.getAllow().forEach(a -> entries.add(new Entry(Ipv4Cidr.parse(a), true)));
            network.getDeny().forEach(d -> entries.add(new Entry(Ipv4Cidr.parse(d), false)));
        }
        // Longest prefix first; iptables takes the first match, so that is the most specific entry. Deny before allow
        // on a tie.
        entries.sort(Comparator.comparingInt((Entry e) -> -e.cidr().prefix()).thenComparing(Entry::allow));
        for (Entry e : entries) {
            List<String> rule = destination(e.cidr());
            rule.addAll(e.allow() ? List.of("-j", "RETURN") : REJECT);
            rules.add(rule);
        }
        if (network != null && !network.getAllow().isEmpty()) {
            rules.add(REJECT);
        }
        return rules;
    }

    private static List<String> reject(Ipv4Cidr cidr) {
        List<String> rule = destination(cidr);
        rule.addAll(REJECT);
        return rule;
    }

    /** {@code -d CIDR}, left out for 0.0.0.0/0 (which matches everything, and which iptables lists without it). */
    private static List<String> destination(Ipv4Cidr cidr) {
        return cidr.prefix() == 0 ? new ArrayList<>() : new ArrayList<>(List.of("-d", cidr.toString()));
    }

    private record Entry(Ipv4Cidr cidr, boolean allow) {}
}
