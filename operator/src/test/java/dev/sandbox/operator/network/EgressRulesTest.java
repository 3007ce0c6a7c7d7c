package dev.sandbox.operator.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox.crd.Ipv4Cidr;
import dev.sandbox.crd.NetworkMode;
import dev.sandbox.crd.PortRange;
import dev.sandbox.crd.SandboxNetwork;
import dev.sandbox.crd.SandboxPort;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.operator.NetworkConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EgressRulesTest {
    static final NetworkConfig CONFIG = new NetworkConfig(
            true,
            List.of(Ipv4Cidr.parse("10.0.0.0/8")),
            List.of(Ipv4Cidr.parse("10.255.255.53")),
            PortRange.DEFAULT,
            Set.of(),
            null);

    @Test
    void egressAllowsDnsThenBlocksPlatformRangesThenFollowsTheMostSpecificEntry() {
        SandboxSpec spec = new SandboxSpec();
        spec.setNetwork(new SandboxNetwork(
                NetworkMode.Egress, List.of("198.51.100.7", "10.1.0.0/16"), List.of("198.51.100.0/24")));
        FirewallPlan plan = EgressRules.plan(spec, "default", "sbx-1", "uid-1", "local", "sandbox-uid-1-net", CONFIG);
        String reject = " -j REJECT --reject-with icmp-admin-prohibited";
        assertThat(plan.printed())
                .containsExactly(
                        "-A " + plan.chain() + " -d 10.255.255.53/32 -p udp -m udp --dport 53 -j RETURN",
                        "-A " + plan.chain() + " -d 10.255.255.53/32 -p tcp -m tcp --dport 53 -j RETURN",
                        "-A " + plan.chain() + " -d 0.0.0.0/8" + reject,
                        "-A " + plan.chain() + " -d 127.0.0.0/8" + reject,
                        "-A " + plan.chain() + " -d 169.254.0.0/16" + reject,
                        "-A " + plan.chain() + " -d 224.0.0.0/4" + reject,
                        "-A " + plan.chain() + " -d 240.0.0.0/4" + reject,
                        "-A " + plan.chain() + " -d 10.0.0.0/8" + reject,
                        "-A " + plan.chain() + " -d 198.51.100.7/32 -j RETURN",
                        "-A " + plan.chain() + " -d 198.51.100.0/24" + reject,
                        "-A " + plan.chain() + " -d 10.1.0.0/16 -j RETURN",
                        "-A " + plan.chain() + reject);
        assertThat(plan.bridge()).matches("sbx[0-9a-f]{12}").hasSizeLessThanOrEqualTo(15);
        assertThat(plan.chain()).isEqualTo("SBX-" + plan.bridge().substring(3));
        assertThat(plan.comment()).isEqualTo("sandbox default/sbx-1 uid=uid-1 node=local");
        assertThat(BridgeNames.bridgeOfChain(plan.chain())).isEqualTo(plan.bridge());
    }

    @Test
    void modeNoneRefusesEverythingAndTiesGoToDeny() {
        SandboxSpec spec = new SandboxSpec();
        SandboxPort port = new SandboxPort();
        port.setInternal(8080);
        spec.setPorts(List.of(port));
        spec.setNetwork(new SandboxNetwork(NetworkMode.None, null, null));
        assertThat(EgressRules.rules(spec, CONFIG)).containsExactly(EgressRules.REJECT);

        spec.setNetwork(new SandboxNetwork(NetworkMode.Egress, List.of("0.0.0.0/0"), List.of("0.0.0.0/0")));
        List<List<String>> rules = EgressRules.rules(spec, CONFIG);
        assertThat(rules.subList(rules.size() - 3, rules.size()))
                .containsExactly(EgressRules.REJECT, List.of("-j", "RETURN"), EgressRules.REJECT);
    }

    @Test
    void withoutListsEverythingNotBlockedReturnsToDocker() {
        SandboxSpec spec = new SandboxSpec();
        spec.setNetwork(new SandboxNetwork(NetworkMode.Egress, null, null));
        List<List<String>> rules = EgressRules.rules(spec, CONFIG);
        assertThat(rules.get(rules.size() - 1))
                .containsExactly("-d", "10.0.0.0/8", "-j", "REJECT", "--reject-with", "icmp-admin-prohibited");
        assertThat(BridgeNames.bridge("sandbox-a-net")).isNotEqualTo(BridgeNames.bridge("sandbox-b-net"));
    }

    @Test
    void jumpRulesAreQuotedAsIptablesPrintsThem() {
        FirewallPlan plan =
                new FirewallPlan("sbx0123456789ab", "SBX-0123456789ab", "sandbox a/b uid=c node=d", List.of());
        assertThat(IptablesFirewall.quoted(plan.jump()))
                .isEqualTo("-i sbx0123456789ab -m comment --comment \"sandbox a/b uid=c node=d\" -g SBX-0123456789ab");
    }
}
