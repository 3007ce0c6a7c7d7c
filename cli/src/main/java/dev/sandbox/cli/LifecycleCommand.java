package dev.sandbox.cli;

import dev.sandbox.client.SandboxException;
import dev.sandbox.client.SandboxInfo;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** stop, start, restart, pause and resume: one change of state on one or more sandboxes. */
abstract class LifecycleCommand extends GatewayCommand {
    @Parameters(paramLabel = "ID", arity = "1..*", description = "Sandbox ids.")
    List<String> ids;

    @Option(
            names = {"-w", "--wait"},
            description = "Wait until the change is done, showing progress.")
    boolean waitForIt;

    @Option(
            names = "--wait-timeout",
            paramLabel = "SECONDS",
            defaultValue = "120",
            description = "How long --wait waits (default ${DEFAULT-VALUE}).")
    int waitTimeout;

    /** The phase the sandbox is in once the change is done. */
    private final String done;

    LifecycleCommand(String done) {
        this.done = done;
    }

    /** Asks for the change. */
    abstract SandboxInfo change(String id);

    /** Whether the change is done, given the sandbox as it was before it was asked for. */
    boolean isDone(SandboxInfo before, SandboxInfo now) {
        return done.equals(now.phase());
    }

    @Override
    int run() throws Exception {
        int status = ExitCodes.OK;
        for (String id : ids) {
            try {
                SandboxInfo before = waitForIt ? sandboxes().getSandbox(id) : null;
                change(id);
                if (waitForIt) {
                    waitFor(id, now -> isDone(before, now), Duration.ofSeconds(waitTimeout));
                }
                console().out.println(id);
            } catch (SandboxException e) {
                console().error(e.getMessage(), e.field());
                status = status == ExitCodes.OK ? SandboxCli.exitCode(e) : status;
            }
        }
        return status;
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stop sandboxes: SIGTERM, then SIGKILL after the grace period. The workspace stays.",
            footer = {"", "Example:", "  sandbox stop sbx-k3v9q2m1xa --time 5 --wait", "", ExitCodes.HELP})
    static final class Stop extends LifecycleCommand {
        Stop() {
            super("Stopped");
        }

        @Option(
                names = {"-t", "--time"},
                paramLabel = "SECONDS",
                description = "Grace period before SIGKILL (default 10).")
        Integer grace;

        @Override
        SandboxInfo change(String id) {
            return sandboxes().stopSandbox(id, grace == null ? null : Duration.ofSeconds(grace));
        }
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = "Start stopped sandboxes again, with the same workspace.",
            footer = {"", "Example:", "  sandbox start sbx-k3v9q2m1xa --wait", "", ExitCodes.HELP})
    static final class Start extends LifecycleCommand {
        Start() {
            super("Running");
        }

        @Override
        SandboxInfo change(String id) {
            return sandboxes().startSandbox(id);
        }
    }

    @Command(
            name = "restart",
            mixinStandardHelpOptions = true,
            description = "Restart sandboxes: stop with the grace period, then start.",
            footer = {"", "Example:", "  sandbox restart sbx-k3v9q2m1xa --wait", "", ExitCodes.HELP})
    static final class Restart extends LifecycleCommand {
        Restart() {
            super("Running");
        }

        @Override
        SandboxInfo change(String id) {
            return sandboxes().restartSandbox(id);
        }

        /** Running again, and started after the restart was asked for. */
        @Override
        boolean isDone(SandboxInfo before, SandboxInfo now) {
            return super.isDone(before, now)
                    && now.startedAt() != null
                    && (before.startedAt() == null || now.startedAt().isAfter(before.startedAt()));
        }
    }

    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description =
                    "Pause sandboxes: every process is frozen with its memory kept and uses no CPU; files stay readable.",
            footer = {"", "Example:", "  sandbox pause sbx-k3v9q2m1xa --wait", "", ExitCodes.HELP})
    static final class Pause extends LifecycleCommand {
        Pause() {
            super("Paused");
        }

        @Override
        SandboxInfo change(String id) {
            return sandboxes().pauseSandbox(id);
        }
    }

    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description = "Resume paused sandboxes: every process goes on where it was.",
            footer = {"", "Example:", "  sandbox resume sbx-k3v9q2m1xa --wait", "", ExitCodes.HELP})
    static final class Resume extends LifecycleCommand {
        Resume() {
            super("Running");
        }

        @Override
        SandboxInfo change(String id) {
            return sandboxes().resumeSandbox(id);
        }
    }
}
