package dev.sandbox.cli;

import dev.sandbox.client.SandboxAuthenticationException;
import dev.sandbox.client.SandboxConnectionException;
import dev.sandbox.client.SandboxException;
import dev.sandbox.client.SandboxNotFoundException;
import dev.sandbox.client.SandboxRateLimitException;
import dev.sandbox.client.SandboxTimeoutException;
import dev.sandbox.client.SandboxUnavailableException;
import dev.sandbox.client.SandboxValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/sandbox}'s everyday commands for people: create, ls, exec, cp, logs and the rest, talking to the gateway
 * through the Java SDK.
 */
@Command(
        name = "sandbox",
        mixinStandardHelpOptions = true,
        versionProvider = SandboxCli.Version.class,
        description = {
            "Work with sandboxes from the command line.",
            "Talks to the gateway at SANDBOX_URL with the key in SANDBOX_API_KEY; when they are unset, to the local dev"
                    + " mode (bin/sandbox dev) with the key it wrote to ~/.sandbox/api-key."
        },
        subcommands = {
            CreateCommand.class,
            ListCommand.class,
            GetCommand.class,
            RemoveCommand.class,
            LifecycleCommand.Stop.class,
            LifecycleCommand.Start.class,
            LifecycleCommand.Restart.class,
            LifecycleCommand.Pause.class,
            LifecycleCommand.Resume.class,
            ExecCommand.class,
            CopyCommand.class,
            ListFilesCommand.class,
            ExportCommand.class,
            LogsCommand.class,
            StatsCommand.class,
            PreviewCommand.class,
            VolumesCommand.class,
            MountCommand.class,
            UnmountCommand.class,
            TenantsCommand.class,
            KeysCommand.class
        },
        footer = {
            "",
            "Example:",
            "  sandbox create sandbox-busybox:local --wait",
            "  sandbox exec -it sbx-k3v9q2m1xa sh",
            "",
            ExitCodes.HELP
        })
public final class SandboxCli implements Runnable {
    private static Context context;

    /** What every command needs: the environment (for the gateway's address and colours) and where to print. */
    record Context(Map<String, String> env, Console console) {}

    static Context context() {
        return context;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "name a command, e.g. sandbox ls (see sandbox --help)");
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        System.exit(run(args, env, Console.system(env)));
    }

    /** Runs one command line and returns its exit status. */
    static int run(String[] args, Map<String, String> env, Console console) {
        context = new Context(env, console);
        CommandLine cli = new CommandLine(new SandboxCli());
        cli.setOut(new java.io.PrintWriter(new java.io.OutputStreamWriter(console.out, StandardCharsets.UTF_8), true));
        cli.setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(console.err, StandardCharsets.UTF_8), true));
        cli.setParameterExceptionHandler((e, arguments) -> {
            console.error(e.getMessage(), null);
            console.err.println("See '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(e, console));
        return cli.execute(args);
    }

    /** Prints one line for a failure and says which exit status it means. */
    static int failure(Throwable error, Console console) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof CliException cli) {
            console.error(cli.getMessage(), null);
            return cli.exitCode();
        }
        if (e instanceof SandboxException sandbox) {
            console.error(sandbox.getMessage(), sandbox.field());
            return exitCode(sandbox);
        }
        console.error(e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        return ExitCodes.FAILED;
    }

    static int exitCode(SandboxException e) {
        if (e instanceof SandboxValidationException) {
            return ExitCodes.USAGE;
        }
        if (e instanceof SandboxNotFoundException) {
            return ExitCodes.NOT_FOUND;
        }
        if (e instanceof SandboxAuthenticationException) {
            return ExitCodes.AUTH;
        }
        if (e instanceof SandboxRateLimitException || e instanceof dev.sandbox.client.SandboxQuotaExceededException) {
            return ExitCodes.LIMITED;
        }
        if (e instanceof SandboxConnectionException
                || e instanceof SandboxUnavailableException
                || e instanceof SandboxTimeoutException) {
            return ExitCodes.SERVER;
        }
        return switch (e.status()) {
            case 400 -> ExitCodes.USAGE;
            case 401, 403 -> ExitCodes.AUTH;
            case 404 -> ExitCodes.NOT_FOUND;
            case 409 -> ExitCodes.CONFLICT;
            case 429 -> ExitCodes.LIMITED;
            default -> e.status() >= 500 ? ExitCodes.SERVER : ExitCodes.FAILED;
        };
    }

    /** The project's version, from the jar's manifest when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SandboxCli.class.getPackage().getImplementationVersion();
            return new String[] {"sandbox " + (version == null ? "0.1.0-SNAPSHOT" : version)};
        }
    }
}
