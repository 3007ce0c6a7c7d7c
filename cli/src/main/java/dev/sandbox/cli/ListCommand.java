package dev.sandbox.cli;

import dev.sandbox.client.SandboxInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sandbox ls}: the caller's sandboxes as a table, JSON or YAML. */
@Command(
        name = "ls",
        aliases = "list",
        mixinStandardHelpOptions = true,
        description = "List your sandboxes, oldest first.",
        footer = {
            "",
            "Examples:",
            "  sandbox ls",
            "  sandbox ls --status running -l team=data -o json",
            "  sandbox ls -q | xargs sandbox rm",
            "",
            ExitCodes.HELP
        })
final class ListCommand extends GatewayCommand {
    @Option(
            names = {"-s", "--status"},
            paramLabel = "PHASE",
            description = "Only this phase: pending, running, stopped, failed, ...")
    String status;

    @Option(
            names = {"-l", "--label"},
            paramLabel = "KEY=VALUE",
            description = "Only sandboxes with this label (repeatable).")
    Map<String, String> labels = new LinkedHashMap<>();

    @Mixin
    TableOutput output = new TableOutput();

    @Option(
            names = {"-q", "--quiet"},
            description = "Print only the ids.")
    boolean quiet;

    @Override
    int run() {
        output.check();
        List<SandboxInfo> items = sandboxes().listSandboxes(status, labels);
        if (quiet) {
            items.forEach(s -> console().out.println(s.id()));
        } else {
            Instant now = Instant.now();
            output.items(console(), items, Output.HEADER, s -> Output.row(s, now));
        }
        return ExitCodes.OK;
    }
}
