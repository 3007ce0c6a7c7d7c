package dev.sandbox.cli;

import dev.sandbox.client.BlockingSandboxClient;
import dev.sandbox.client.SandboxInfo;
import java.time.Duration;
import java.util.concurrent.Callable;

/** A command that talks to the gateway: opens the connection, runs, closes it. */
abstract class GatewayCommand implements Callable<Integer> {
    private Gateway gateway;

    @Override
    public final Integer call() throws Exception {
        try (Gateway open = Gateway.connect(SandboxCli.context().env(), Duration.ofSeconds(30))) {
            gateway = open;
            return run();
        }
    }

    /** The command's work; returns the exit status. */
    abstract int run() throws Exception;

    Gateway gateway() {
        return gateway;
    }

    BlockingSandboxClient sandboxes() {
        return gateway.blocking();
    }

    Console console() {
        return SandboxCli.context().console();
    }

    /**
     * Polls the sandbox until it is Running (or reaches {@code wanted}), showing the phase as it goes; fails when the
     * sandbox fails or the time is up.
     */
    SandboxInfo waitFor(String id, String wanted, Duration timeout) throws InterruptedException {
        return waitFor(id, s -> wanted.equals(s.phase()), timeout);
    }

    /** As {@link #waitFor(String, String, Duration)}, until {@code done} holds. */
    SandboxInfo waitFor(String id, java.util.function.Predicate<SandboxInfo> done, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long started = System.nanoTime();
        String shown = null;
        while (true) {
            SandboxInfo sandbox = sandboxes().getSandbox(id);
            String state = sandbox.phase() + (sandbox.reason() == null ? "" : " (" + sandbox.reason() + ")");
            if (done.test(sandbox)) {
                console().endProgress();
                return sandbox;
            }
            if ("Failed".equals(sandbox.phase())) {
                console().endProgress();
                throw new CliException(
                        ExitCodes.FAILED,
                        "sandbox " + id + " failed: " + sandbox.reason() + ": " + sandbox.message()
                                + (sandbox.logTail() == null
                                                || sandbox.logTail().isBlank()
                                        ? ""
                                        : "\n" + sandbox.logTail().strip()));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (console().isTerminal()) {
                console().progress(String.format("%s: %s  %s  %.1fs", id, state, message(sandbox), seconds));
            } else if (!state.equals(shown)) {
                console().progress(id + ": " + state + " " + message(sandbox));
            }
            shown = state;
            if (System.nanoTime() > deadline) {
                console().endProgress();
                throw new CliException(
                        ExitCodes.SERVER,
                        "sandbox " + id + " is still " + state + " after " + timeout.toSeconds()
                                + " s (it keeps going; look again with: sandbox get " + id + ")");
            }
            Thread.sleep(200);
        }
    }

    private static String message(SandboxInfo sandbox) {
        return sandbox.message() == null ? "" : "- " + sandbox.message();
    }
}
