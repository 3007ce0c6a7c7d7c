package dev.sandbox.cli;

import dev.sandbox.client.SandboxInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
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

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            description = "table (default), json or yaml.")
    String output = "table";

    @Option(
            names = {"-q", "--quiet"},
            description = "Print only the ids.")
    boolean quiet;

    @Override
    int run() {
        Output.check(output, "table", "json", "yaml");
        List<SandboxInfo> items = sandboxes().listSandboxes(status, labels);
        if (quiet) {
            items.forEach(s -> console().out.println(s.id()));
        } else if ("table".equals(output)) {
            Instant now = Instant.now();
            console()
                    .table(
                            Output.HEADER,
                            items.stream().map(s -> Output.row(s, now)).toList());
        } else {
            console().print(Map.of("items", items), output);
        }
        return ExitCodes.OK;
    }
}
