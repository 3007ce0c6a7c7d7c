package dev.sandbox.cli;

import dev.sandbox.client.ExecExit;
import dev.sandbox.client.ExecOptions;
import dev.sandbox.client.InteractiveCommand;
import dev.sandbox.client.StreamType;
import dev.sandbox.client.TerminalSize;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sandbox exec}: run a command in a sandbox. Output is printed as it comes and the command's exit status becomes
 * this process's. {@code -i} passes standard input on; {@code -it} opens an interactive terminal.
 */
@Command(
        name = "exec",
        mixinStandardHelpOptions = true,
        description = {
            "Run a command in a running sandbox; exits with the command's status.",
            "With -it: an interactive terminal (keys, Ctrl+C and window size reach the sandbox)."
        },
        footer = {
            "",
            "Examples:",
            "  sandbox exec sbx-k3v9q2m1xa -- ls -la /workspace",
            "  sandbox exec -it sbx-k3v9q2m1xa sh",
            "  echo hello | sandbox exec -i sbx-k3v9q2m1xa -- wc -c",
            "",
            ExitCodes.HELP
        })
final class ExecCommand extends GatewayCommand {
    /** Exec sessions are bounded by the gateway's longest timeout; an interactive shell gets all of it. */
    private static final int MAX_TIMEOUT_SECONDS = 3600;

    @Parameters(index = "0", paramLabel = "ID", description = "The sandbox id.")
    String id;

    @Parameters(
            index = "1..*",
            arity = "1..*",
            paramLabel = "COMMAND",
            description = "The command and its arguments (after --).")
    List<String> command = new ArrayList<>();

    @Option(
            names = {"-i", "--interactive"},
            description = "Pass standard input on to the command.")
    boolean interactive;

    @Option(
            names = {"-t", "--tty"},
            description = "Run the command in a terminal (with -i: an interactive session).")
    boolean tty;

    @Option(
            names = {"-e", "--env"},
            paramLabel = "KEY=VALUE",
            description = "Extra environment variable (repeatable).")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(
            names = {"-w", "--workdir"},
            paramLabel = "DIR",
            description = "Working directory (default /workspace).")
    String workdir;

    @Option(
            names = {"-u", "--user"},
            paramLabel = "USER",
            description = "Run as this user (name or uid), if the node allows it.")
    String user;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "Kill the command after this long (default 60, with -i or -t 3600).")
    Integer timeout;

    @Override
    int run() throws Exception {
        ExecOptions options = ExecOptions.defaults();
        int seconds = timeout != null ? timeout : interactive || tty ? MAX_TIMEOUT_SECONDS : 60;
        options = options.withTimeout(Duration.ofSeconds(seconds));
        if (workdir != null) {
            options = options.withWorkdir(workdir);
        }
        if (user != null) {
            options = options.withUser(user);
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            options = options.withEnvironment(e.getKey(), e.getValue());
        }
        if (tty) {
            return terminal(options);
        }
        if (interactive) {
            return piped(options);
        }
        return streamed(options);
    }

    /**
     * Output printed byte for byte as the command writes it (not re-split into lines); the command's standard input is
     * empty, as with {@code docker exec} without {@code -i}.
     */
    private int streamed(ExecOptions options) {
        InteractiveCommand session = sandboxes().openInteractive(id, command, options, this::print);
        try {
            session.closeInput();
            return exitStatus(session.exit().join());
        } finally {
            session.close();
        }
    }

    /** Standard input passed on as it comes, end of input included; output as the command writes it. */
    private int piped(ExecOptions options) throws Exception {
        InteractiveCommand session = sandboxes().openInteractive(id, command, options, this::print);
        Thread feeder = feed(session, System.in, true);
        try {
            return exitStatus(session.exit().join());
        } finally {
            feeder.interrupt();
            session.close();
        }
    }

    /**
     * A terminal in the sandbox. With {@code -i} and a local terminal, this one goes to raw mode so every key (Ctrl+C
     * too) reaches the sandbox, and size changes follow the window.
     */
    private int terminal(ExecOptions options) throws Exception {
        TerminalSize size =
                Terminal.size().map(s -> new TerminalSize(s[0], s[1])).orElse(new TerminalSize(80, 24));
        String term = SandboxCli.context().env().getOrDefault("TERM", "xterm");
        options = options.withEnvironment("TERM", env.getOrDefault("TERM", term));
        boolean local = interactive && console().isTerminal();
        InteractiveCommand session = sandboxes().openInteractive(id, command, options.withTerminal(size), this::print);
        Terminal raw = local ? Terminal.raw() : null;
        try {
            if (local) {
                followWindow(session);
            }
            Thread feeder = interactive ? feed(session, System.in, false) : null;
            try {
                return exitStatus(session.exit().join());
            } finally {
                if (feeder != null) {
                    feeder.interrupt();
                }
            }
        } finally {
            if (raw != null) {
                raw.close();
            }
            session.close();
        }
    }

    private void print(StreamType stream, String text) {
        PrintStream target = stream == StreamType.STDERR ? console().err : console().out;
        target.print(text);
        target.flush();
    }

    /** Copies {@code in} to the command's input from a thread of its own; at the end of input closes it if asked. */
    private static Thread feed(InteractiveCommand session, InputStream in, boolean closeAtEnd) {
        Thread feeder = new Thread(
                () -> {
                    byte[] buffer = new byte[4096];
                    try {
                        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                            if (n > 0) {
                                session.sendInput(Arrays.copyOf(buffer, n));
                            }
                        }
                        if (closeAtEnd) {
                            session.closeInput();
                        }
                    } catch (IOException | RuntimeException e) {
                        // The command ended (or the session broke): its exit says what happened.
                    }
                },
                "stdin");
        feeder.setDaemon(true);
        feeder.start();
        return feeder;
    }

    /** Sends the new size whenever the local window changes (SIGWINCH). */
    private static void followWindow(InteractiveCommand session) {
        Terminal.onResize(() -> Terminal.size().ifPresent(s -> {
            try {
                session.resize(new TerminalSize(s[0], s[1]));
            } catch (RuntimeException e) {
                // The session ended meanwhile.
            }
        }));
    }

    private int exitStatus(ExecExit exit) {
        if (exit.timedOut()) {
            console().info("sandbox: the command was killed after its timeout");
        }
        return exit.exitCode() < 0 ? ExitCodes.FAILED : exit.exitCode();
    }
}
