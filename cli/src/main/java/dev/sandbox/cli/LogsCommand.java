package dev.sandbox.cli;

import dev.sandbox.client.LogLine;
import dev.sandbox.client.SandboxStream;
import dev.sandbox.client.StreamType;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sandbox logs}: what the sandbox's main process printed, optionally followed. */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = "Print what the sandbox's main process wrote (stdout to stdout, stderr to stderr).",
        footer = {
            "",
            "Examples:",
            "  sandbox logs sbx-k3v9q2m1xa --tail 20",
            "  sandbox logs -f sbx-k3v9q2m1xa",
            "",
            ExitCodes.HELP
        })
final class LogsCommand extends GatewayCommand {
    @Parameters(paramLabel = "ID", description = "The sandbox id.")
    String id;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing new lines until the sandbox stops (Ctrl+C to stop).")
    boolean follow;

    @Option(
            names = {"-n", "--tail"},
            paramLabel = "LINES",
            description = "How many of the last lines, or 'all' (default 100).")
    String tail = "100";

    @Option(
            names = {"-t", "--timestamps"},
            description = "Start each line with the time it was written.")
    boolean timestamps;

    @Override
    int run() {
        int lines;
        if ("all".equals(tail)) {
            lines = -1;
        } else {
            try {
                lines = Integer.parseInt(tail);
            } catch (NumberFormatException e) {
                throw new CliException(ExitCodes.USAGE, "--tail takes a number of lines or 'all', not '" + tail + "'");
            }
        }
        if (follow) {
            try (SandboxStream<LogLine> stream = sandboxes().followLogs(id, lines)) {
                for (LogLine line : stream) {
                    print(line);
                }
            }
        } else {
            sandboxes().getLogs(id, lines).forEach(this::print);
        }
        return ExitCodes.OK;
    }

    private void print(LogLine line) {
        PrintStream target = line.stream() == StreamType.STDERR ? console().err : console().out;
        target.println(timestamps && line.timestamp() != null ? line.timestamp() + " " + line.text() : line.text());
        target.flush();
    }
}
