package dev.sandbox.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sandbox mount}: a network volume into a sandbox (a running one is recreated; its workspace stays). */
@Command(
        name = "mount",
        mixinStandardHelpOptions = true,
        description = "Mount a network volume into a sandbox; a running sandbox is recreated with the same workspace.",
        footer = {"", "Example:", "  sandbox mount sbx-k3v9q2m1xa data /data --read-only", "", ExitCodes.HELP})
final class MountCommand extends GatewayCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The sandbox id.")
    String id;

    @Parameters(index = "1", paramLabel = "VOLUME", description = "The network volume's name.")
    String volume;

    @Parameters(
            index = "2",
            arity = "0..1",
            paramLabel = "PATH",
            description = "Absolute mount path (default: the volume's own).")
    String path;

    @Option(names = "--read-only", description = "Mount it read-only.")
    boolean readOnly;

    @Override
    int run() {
        sandboxes().mountVolume(id, volume, path, readOnly ? Boolean.TRUE : null);
        console().out.println(id);
        return ExitCodes.OK;
    }
}
