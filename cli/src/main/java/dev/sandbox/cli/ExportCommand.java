package dev.sandbox.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sandbox export}: a folder of a sandbox as a zip file. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Save a folder (or file) of a sandbox as a zip on this machine.",
        footer = {"", "Example:", "  sandbox export sbx-k3v9q2m1xa /workspace/results results.zip", "", ExitCodes.HELP})
final class ExportCommand extends GatewayCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The sandbox id.")
    String id;

    @Parameters(
            index = "1",
            paramLabel = "PATH",
            description = "Absolute path in the sandbox (relative paths are inside /workspace).")
    String path;

    @Parameters(index = "2", paramLabel = "ZIP", description = "The zip file to write.")
    Path zip;

    @Override
    int run() {
        Path written = sandboxes().exportContainer(id, SandboxPath.absolute(path), zip);
        console().info("wrote " + written);
        return ExitCodes.OK;
    }
}
