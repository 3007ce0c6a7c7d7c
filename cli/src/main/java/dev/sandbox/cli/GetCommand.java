package dev.sandbox.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    DocumentOutput output = new DocumentOutput();

    @Override
    int run() {
        output.print(console(), () -> sandboxes().getSandbox(id));
        return ExitCodes.OK;
    }
}
