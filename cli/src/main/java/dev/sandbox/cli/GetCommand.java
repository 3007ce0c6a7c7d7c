package dev.sandbox.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sandbox get}: one sandbox, all of it. */
@Command(
        name = "get",
        aliases = "inspect",
        mixinStandardHelpOptions = true,
        description = "Show one sandbox: phase, image, limits, ports, node, times.",
        footer = {"", "Example:", "  sandbox get sbx-k3v9q2m1xa -o json", "", ExitCodes.HELP})
final class GetCommand extends GatewayCommand {
    @Parameters(paramLabel = "ID", description = "The sandbox id.")
    String id;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            description = "yaml (default) or json.")
    String output = "yaml";

    @Override
    int run() {
        Output.check(output, "yaml", "json");
        console().print(sandboxes().getSandbox(id), output);
        return ExitCodes.OK;
    }
}
