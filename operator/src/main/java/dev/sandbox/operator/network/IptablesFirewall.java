package dev.sandbox.operator.network;

import dev.sandbox.db.DaemonThreads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandbox network isolation with iptables (the {@code iptables} and {@code ip6tables} commands of the node, which must
 * be the same flavour, nf_tables or legacy, as the Docker engine's). Layout in the filter table:
 * <pre>
 * INPUT       -j SANDBOX-INPUT          new connections from a sandbox bridge to the node itself: refused
 * DOCKER-USER -j SANDBOX-EGRESS         forwarded traffic, before Docker's own rules
 *   SANDBOX-EGRESS     replies pass; sandbox to sandbox refused; other sandbox traffic goes to SANDBOX-SANDBOXES
 *   SANDBOX-SANDBOXES  one rule per sandbox bridge (commented with the sandbox) going to its chain SBX-...; the last
 *                      rule refuses everything else, so a sandbox bridge without rules reaches nothing (fail closed)
 *   SBX-xxxxxxxxxxxx   the sandbox's own rules ({@link EgressRules}); RETURN lets Docker forward the packet
 * </pre>
 * IPv6 is switched off inside sandboxes; ip6tables drops whatever might still come from a sandbox bridge. Per-sandbox
 * changes are written with {@code iptables-restore --noflush}, so a chain is replaced in one transaction and never
 * stands open half-written.
 */
public final class IptablesFirewall implements SandboxFirewall {
    private static final Logger log = LoggerFactory.getLogger(IptablesFirewall.class);
    static final String EGRESS = "SANDBOX-EGRESS";
    static final String DISPATCH = "SANDBOX-SANDBOXES";
    static final String INPUT = "SANDBOX-INPUT";
    static final String NO_IPV6 = "SANDBOX-NOIPV6";
    private static final String ALL_BRIDGES = BridgeNames.BRIDGE_PREFIX + "+";
    private static final String REPLIES = "-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN";
    private static final String REJECT = "-j REJECT --reject-with icmp-admin-prohibited";
    private static final String CATCH_ALL = "-A " + DISPATCH + " -i " + ALL_BRIDGES
            + " -m comment --comment \"sandbox network without rules\" " + REJECT;

    private final Path sysClassNet;
    private final Set<String> missingAtLastSweep = new HashSet<>();
    private volatile boolean baseReady;
    private boolean ipv6Warned;

    public IptablesFirewall() {
        this(Path.of("/sys/class/net"));
    }

    /** @param sysClassNet where the node's network interfaces are listed (tests point it elsewhere) */
    IptablesFirewall(Path sysClassNet) {
        this.sysClassNet = sysClassNet;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public synchronized void ensureBase() {
        if (!run("iptables", "-w", "-S", DISPATCH).ok()) {
            check(run("iptables", "-w", "-N", DISPATCH), "create chain " + DISPATCH);
        }
        if (!lines(DISPATCH).contains(CATCH_ALL)) {
            restore("-A " + DISPATCH + " -i " + ALL_BRIDGES + " -m comment --comment \"sandbox network without rules\" "
                    + REJECT);
        }
        List<String> egress = List.of(
                "-A " + EGRESS + " -i " + ALL_BRIDGES + " " + REPLIES,
                "-A " + EGRESS + " -i " + ALL_BRIDGES + " -o " + ALL_BRIDGES + " " + REJECT,
                "-A " + EGRESS + " -i " + ALL_BRIDGES + " -g " + DISPATCH);
        List<String> input = List.of(
                "-A " + INPUT + " -i " + ALL_BRIDGES + " " + REPLIES,
                "-A " + INPUT + " -i " + ALL_BRIDGES + " " + REJECT);
        if (!lines(EGRESS).equals(egress) || !lines(INPUT).equals(input)) {
            List<String> script = new ArrayList<>();
            script.add(":" + EGRESS + " - [0:0]");
            script.addAll(egress);
            script.add(":" + INPUT + " - [0:0]");
            script.addAll(input);
            restore(script.toArray(String[]::new));
        }
        if (!run("iptables", "-w", "-S", "DOCKER-USER").ok()) {
            // The engine makes DOCKER-USER and keeps it first in FORWARD; without it (engine not managing iptables)
            // make it.
            check(run("iptables", "-w", "-N", "DOCKER-USER"), "create chain DOCKER-USER");
            check(run("iptables", "-w", "-I", "FORWARD", "1", "-j", "DOCKER-USER"), "jump from FORWARD to DOCKER-USER");
        }
        ensureJump("iptables", "DOCKER-USER", EGRESS);
        ensureJump("iptables", "INPUT", INPUT);
        ensureIpv6();
        baseReady = true;
    }

    private void ensureJump(String tool, String from, String to) {
        if (!run(tool, "-w", "-C", from, "-j", to).ok()) {
            check(run(tool, "-w", "-I", from, "1", "-j", to), "jump from " + from + " to " + to);
            log.info("firewall: {} now sends traffic to {}", from, to);
        }
    }

    private void ensureIpv6() {
        try {
            if (!run("ip6tables", "-w", "-S", NO_IPV6).ok()) {
                check(run("ip6tables", "-w", "-N", NO_IPV6), "create chain " + NO_IPV6);
            }
            String drop = "-A " + NO_IPV6 + " -i " + ALL_BRIDGES + " -j DROP";
            if (!run("ip6tables", "-w", "-S", NO_IPV6).out().lines().toList().contains(drop)) {
                check(run("ip6tables", "-w", "-A", NO_IPV6, "-i", ALL_BRIDGES, "-j", "DROP"), "IPv6 drop rule");
            }
            ensureJump("ip6tables", "INPUT", NO_IPV6);
            ensureJump("ip6tables", "FORWARD", NO_IPV6);
        } catch (FirewallException e) {
            if (!ipv6Warned) {
                ipv6Warned = true;
                log.warn(
                        "firewall: cannot set IPv6 rules ({}); sandboxes still have IPv6 switched off inside",
                        e.getMessage());
            }
        }
    }

    @Override
    public synchronized boolean apply(FirewallPlan plan) {
        if (!baseReady) {
            ensureBase();
        }
        Result current = run("iptables", "-w", "-S", plan.chain());
        List<String> jump = new ArrayList<>(List.of("iptables", "-w", "-C", DISPATCH));
        jump.addAll(plan.jump());
        boolean jumpPresent = current.ok() && run(jump.toArray(String[]::new)).ok();
        if (current.ok() && jumpPresent && rulesOf(current.out(), plan.chain()).equals(plan.printed())) {
            return false;
        }
        if (!run("iptables", "-w", "-S", DISPATCH).ok()) {
            // Someone flushed the node's rules; put the shared part back first.
            ensureBase();
        }
        List<String> script = new ArrayList<>();
        script.add(":" + plan.chain() + " - [0:0]");
        script.addAll(plan.printed());
        for (String stale : lines(DISPATCH)) {
            // An older jump for this bridge with another comment: replaced by the one below.
            if (stale.contains(" -i " + plan.bridge() + " ") && !stale.equals(printedJump(plan))) {
                script.add("-D" + stale.substring(2));
            }
        }
        if (!jumpPresent || !lines(DISPATCH).contains(printedJump(plan))) {
            script.add("-I " + DISPATCH + " 1 " + quoted(plan.jump()));
        }
        restore(script.toArray(String[]::new));
        return true;
    }

    @Override
    public synchronized void remove(String bridge) {
        String chain = BridgeNames.chain(bridge);
        List<String> script = new ArrayList<>();
        for (String line : lines(DISPATCH)) {
            if (line.contains(" -i " + bridge + " ")) {
                script.add("-D" + line.substring(2));
            }
        }
        if (run("iptables", "-w", "-S", chain).ok()) {
            script.add("-F " + chain);
            script.add("-X " + chain);
        }
        if (!script.isEmpty()) {
            restore(script.toArray(String[]::new));
            log.info("firewall: rules of sandbox bridge {} removed", bridge);
        }
    }

    @Override
    public synchronized List<String> sweep() {
        ensureBase();
        Set<String> bridges = new LinkedHashSet<>();
        for (String line : check(run("iptables", "-w", "-S"), "list the filter table")
                .out()
                .lines()
                .toList()) {
            if (line.startsWith("-N " + BridgeNames.CHAIN_PREFIX)) {
                String bridge = BridgeNames.bridgeOfChain(line.substring(3).trim());
                if (bridge != null) {
                    bridges.add(bridge);
                }
            } else if (line.startsWith("-A " + DISPATCH + " -i " + BridgeNames.BRIDGE_PREFIX)
                    && !line.equals(CATCH_ALL)) {
                bridges.add(line.split(" ")[3]);
            }
        }
        List<String> removed = new ArrayList<>();
        Set<String> missing = new HashSet<>();
        for (String bridge : bridges) {
            if (Files.exists(sysClassNet.resolve(bridge))) {
                continue;
            }
            // Missing twice in a row: not a network being made or an engine restarting, but one that is gone.
            if (missingAtLastSweep.contains(bridge)) {
                remove(bridge);
                removed.add(bridge);
            } else {
                missing.add(bridge);
            }
        }
        missingAtLastSweep.clear();
        missingAtLastSweep.addAll(missing);
        return removed;
    }

    private static String printedJump(FirewallPlan plan) {
        return "-A " + DISPATCH + " " + quoted(plan.jump());
    }

    /** The rules of a chain as {@code -S} lists them, without its {@code -N} line. */
    private static List<String> rulesOf(String listing, String chain) {
        return listing.lines().filter(l -> l.startsWith("-A " + chain + " ")).toList();
    }

    private List<String> lines(String chain) {
        Result r = run("iptables", "-w", "-S", chain);
        return r.ok() ? rulesOf(r.out(), chain) : List.of();
    }

    /** Arguments joined as iptables prints them: those with spaces in double quotes. */
    static String quoted(List<String> args) {
        List<String> parts = new ArrayList<>();
        for (String a : args) {
            parts.add(a.contains(" ") ? "\"" + a + "\"" : a);
        }
        return String.join(" ", parts);
    }

    /** Applies filter-table commands in one transaction, leaving everything not named in them alone. */
    private void restore(String... commands) {
        StringBuilder script = new StringBuilder("*filter\n");
        for (String c : commands) {
            script.append(c).append('\n');
        }
        script.append("COMMIT\n");
        check(runWithInput(script.toString(), "iptables-restore", "-w", "--noflush"), "write rules");
    }

    private static Result check(Result r, String what) {
        if (!r.ok()) {
            throw new FirewallException("firewall: cannot " + what + ": "
                    + (r.err().isBlank() ? "exit code " + r.exit() : r.err().trim()));
        }
        return r;
    }

    private static Result run(String... command) {
        return runWithInput(null, command);
    }

    private static Result runWithInput(String stdin, String... command) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new FirewallException(
                    "firewall: cannot run " + command[0] + " (is the iptables package installed and is the"
                            + " operator root in the node's network namespace?): " + e.getMessage(),
                    e);
        }
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            process.destroyForcibly();
            throw new FirewallException("firewall: " + command[0] + " did not take its input: " + e.getMessage(), e);
        }
        try {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = DaemonThreads.start("iptables-stderr", () -> copy(process.getErrorStream(), err));
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new FirewallException("firewall: " + command[0] + " did not finish within 30 s");
            }
            errReader.join(1000);
            return new Result(process.exitValue(), out, err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FirewallException("firewall: reading from " + command[0] + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new FirewallException("firewall: interrupted while running " + command[0], e);
        }
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        try {
            from.transferTo(to);
        } catch (IOException ignored) {
            // The process ended; what was read is kept.
        }
    }

    private record Result(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }
    }
}
