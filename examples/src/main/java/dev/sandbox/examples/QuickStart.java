package dev.sandbox.examples;

import dev.sandbox.client.BlockingSandboxClient;
import dev.sandbox.client.CreateSandboxRequest;
import dev.sandbox.client.ExecResult;
import dev.sandbox.client.ResourceConfig;
import dev.sandbox.client.SandboxClient;
import dev.sandbox.client.SandboxException;
import dev.sandbox.client.SandboxInfo;
import java.io.PrintStream;

/**
 * Creates a sandbox, runs a command in it, prints the output and deletes the sandbox.
 *
 * <p>Run it against {@code bin/sandbox dev} with {@code SANDBOX_URL} and {@code SANDBOX_API_KEY} set.
 */
public final class QuickStart {
    private QuickStart() {}

    public static void main(String[] args) {
        try (SandboxClient client = SandboxClient.fromEnvironment()) {
            System.exit(run(client.blocking(), System.out));
        } catch (SandboxException e) {
            System.err.println("quickstart failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The example itself; returns the command's exit code. */
    public static int run(BlockingSandboxClient sandboxes, PrintStream out) {
        SandboxInfo sandbox = sandboxes.createSandbox(
                CreateSandboxRequest.builder()
                        .image("sandbox-busybox:local")
                        .resources(ResourceConfig.of(0.5, "128m"))
                        .environment("GREETING", "hello")
                        .build(),
                true);
        out.println("created " + sandbox.id() + " (" + sandbox.phase() + ") on node " + sandbox.node());
        try {
            ExecResult result = sandboxes.executeCommand(sandbox.id(), "echo $GREETING from $(hostname) as $(id -u)");
            out.print(result.stdout());
            out.println("exit code " + result.exitCode() + " in " + result.durationMs() + " ms");
            return result.exitCode();
        } finally {
            sandboxes.deleteSandbox(sandbox.id());
            out.println("deleted " + sandbox.id());
        }
    }
}
