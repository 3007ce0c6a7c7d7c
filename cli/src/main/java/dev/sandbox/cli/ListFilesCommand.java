package dev.sandbox.cli;

import dev.sandbox.client.DirectoryListing;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sandbox ls-files}: what a folder of a sandbox's workspace or volume holds. */
@Command(
        name = "ls-files",
        mixinStandardHelpOptions = true,
        description =
                "List a folder in a sandbox's workspace or a mounted network volume (works while it is stopped too).",
        footer = {
            "",
            "Examples:",
            "  sandbox ls-files sbx-k3v9q2m1xa",
            "  sandbox ls-files sbx-k3v9q2m1xa /workspace/src -o json",
            "",
            ExitCodes.HELP
        })
final class ListFilesCommand extends GatewayCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The sandbox id.")
    String id;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "PATH",
            description = "Folder (default /workspace; relative paths are inside it).")
    String path = "/workspace";

    @Mixin
    TableOutput output = new TableOutput();

    @Override
    int run() {
        output.check();
        SandboxPath folder = SandboxPath.of(sandboxes().getSandbox(id), path)
                .orElseThrow(() -> new CliException(
                        ExitCodes.USAGE,
                        SandboxPath.absolute(path) + " is on no volume: list /workspace or a mounted network volume"));
        DirectoryListing listing = sandboxes().listDirectory(id, folder.volume(), folder.relative());
        output.print(
                console(),
                Map.of("path", folder.absolute(), "entries", listing.entries(), "truncated", listing.truncated()),
                List.of("MODE", "TYPE", "SIZE", "MODIFIED", "NAME"),
                () -> listing.entries().stream()
                        .map(f -> List.of(
                                f.mode() == null ? "-" : f.mode(),
                                f.type(),
                                f.isDirectory() ? "-" : Output.bytes(f.size()),
                                String.valueOf(f.modifiedAt()),
                                f.name() + (f.isDirectory() ? "/" : "")))
                        .toList());
        if (output.isTable() && listing.truncated()) {
            console().info("(more entries than shown)");
        }
        return ExitCodes.OK;
    }
}
