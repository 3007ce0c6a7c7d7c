package dev.sandbox.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sandbox unmount}: a network volume out of a sandbox. */
@Command(
        name = "unmount",
        mixinStandardHelpOptions = true,
        description = "Unmount a network volume from a sandbox; the volume and its data stay.",
        footer = {"", "Example:", "  sandbox unmount sbx-k3v9q2m1xa data", "", ExitCodes.HELP})
final class UnmountCommand extends GatewayCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The sandbox id.")
    String id;

    @Parameters(index = "1", paramLabel = "VOLUME", description = "The network volume's name.")
    String volume;

    @Override
    int run() {
        sandboxes().unmountVolume(id, volume);
        console().out.println(id);
        return ExitCodes.OK;
    }
}
