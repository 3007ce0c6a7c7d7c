package dev.sandbox.cli;

import dev.sandbox.client.ResourceUse;
import dev.sandbox.client.SandboxStats;
import dev.sandbox.client.SandboxStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sandbox stats}: CPU, memory, processes, network and disk of a running sandbox. */
@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        description = "Show a running sandbox's resource use; --watch prints a line about every second.",
        footer = {
            "",
            "Examples:",
            "  sandbox stats sbx-k3v9q2m1xa",
            "  sandbox stats --watch sbx-k3v9q2m1xa",
            "",
            ExitCodes.HELP
        })
final class StatsCommand extends GatewayCommand {
    private static final List<String> HEADER =
            List.of("CPU %", "MEMORY", "LIMIT", "PIDS", "NET RX", "NET TX", "DISK READ", "DISK WRITE");

    @Parameters(paramLabel = "ID", description = "The sandbox id.")
    String id;

    @Option(
            names = {"-w", "--watch"},
            description = "Keep printing until the sandbox stops (Ctrl+C to stop).")
    boolean watch;

    @Mixin
    TableOutput output = new TableOutput();

    @Override
    int run() {
        output.check();
        if (!watch) {
            show(sandboxes().getStats(id), true);
            return ExitCodes.OK;
        }
        boolean first = true;
        try (SandboxStream<SandboxStats> stream = sandboxes().streamStats(id)) {
            for (SandboxStats sample : stream) {
                show(sample, first);
                first = false;
            }
        }
        return ExitCodes.OK;
    }

    private void show(SandboxStats s, boolean header) {
        if (!output.isTable()) {
            console().print(s, output.format);
            return;
        }
        ResourceUse use = s.use();
        List<String> row = List.of(
                String.format("%.1f", use.cpuPercent()),
                Output.bytes(use.memoryBytes()),
                Output.bytes(use.memoryLimitBytes()),
                String.valueOf(use.pids()),
                Output.bytes(use.networkRxBytes()),
                Output.bytes(use.networkTxBytes()),
                Output.bytes(use.blockReadBytes()),
                Output.bytes(use.blockWriteBytes()));
        StringBuilder line = new StringBuilder();
        if (header) {
            console()
                    .out
                    .println(String.join(
                                    "   ",
                                    HEADER.stream()
                                            .map(h -> String.format("%-10s", h))
                                            .toList())
                            .stripTrailing());
        }
        for (String cell : row) {
            line.append(String.format("%-10s   ", cell));
        }
        console().out.println(line.toString().stripTrailing());
        console().out.flush();
    }
}
