package dev.sandbox.operator.network;

import java.util.List;

/**
 * The firewall rules of one sandbox network: the chain its traffic goes to, the rule that sends it there (with a
 * comment naming the sandbox), and the chain's rules, each as iptables arguments in the form {@code iptables -S} prints.
 *
 * @param bridge the sandbox's bridge interface
 * @param chain its chain
 * @param comment who the rules belong to, e.g. {@code sandbox default/sbx-1 uid=... node=local}
 * @param rules the chain's rules in order, without {@code -A <chain>}
 */
public record FirewallPlan(String bridge, String chain, String comment, List<List<String>> rules) {

    public FirewallPlan {
        rules = rules.stream().map(List::copyOf).toList();
    }

    /** The chain's rules as {@code iptables -S} lists them. */
    public List<String> printed() {
        return rules.stream()
                .map(r -> "-A " + chain + " " + String.join(" ", r))
                .toList();
    }

    /** The arguments of the rule in the dispatch chain that sends this bridge's traffic to {@link #chain}. */
    public List<String> jump() {
        return List.of("-i", bridge, "-m", "comment", "--comment", comment, "-g", chain);
    }
}
