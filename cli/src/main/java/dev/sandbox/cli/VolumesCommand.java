package dev.sandbox.cli;

import dev.sandbox.client.NetworkVolumeInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sandbox volumes}: network volumes, shared by sandboxes and outliving them. */
@Command(
        name = "volumes",
        aliases = "volume",
        mixinStandardHelpOptions = true,
        description = "Create, list and delete network volumes (storage that sandboxes share and that outlives them).",
        subcommands = {VolumesCommand.Create.class, VolumesCommand.List.class, VolumesCommand.Remove.class},
        footer = {
            "",
            "Examples:",
            "  sandbox volumes create data --size 1g --mount-path /data",
            "  sandbox volumes ls",
            "  sandbox volumes rm data",
            "",
            ExitCodes.HELP
        })
final class VolumesCommand extends CommandGroup {

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a network volume.",
            footer = {"", "Example:", "  sandbox volumes create data --size 1g --mount-path /data", "", ExitCodes.HELP})
    static final class Create extends GatewayCommand {
        @Parameters(paramLabel = "NAME", description = "Lowercase letters, digits and '-'.")
        String name;

        @Option(names = "--driver", paramLabel = "DRIVER", description = "Volume driver (default local).")
        String driver;

        @Option(
                names = "--size",
                paramLabel = "SIZE",
                description = "Size such as 1g, where the volume's kind can enforce it.")
        String size;

        @Option(
                names = "--mount-path",
                paramLabel = "PATH",
                description = "Where sandboxes mount it unless they say otherwise.")
        String mountPath;

        @Override
        int run() {
            NetworkVolumeInfo volume = sandboxes().createNetworkVolume(name, driver, size, mountPath);
            console().out.println(volume.name());
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "ls",
            aliases = "list",
            mixinStandardHelpOptions = true,
            description = "List your network volumes.",
            footer = {"", "Example:", "  sandbox volumes ls -o yaml", "", ExitCodes.HELP})
    static final class List extends ListingCommand<NetworkVolumeInfo> {
        List() {
            super(java.util.List.of("NAME", "PHASE", "SIZE", "MOUNT PATH", "USED", "MOUNTED BY"));
        }

        @Override
        java.util.List<NetworkVolumeInfo> items() {
            return sandboxes().listNetworkVolumes();
        }

        @Override
        java.util.List<String> row(NetworkVolumeInfo v) {
            return java.util.List.of(
                    v.name(),
                    String.valueOf(v.phase()),
                    v.size() == null ? "-" : v.size(),
                    v.mountPath() == null ? "-" : v.mountPath(),
                    v.usedBytes() == null ? "-" : Output.bytes(v.usedBytes()),
                    v.mountedBy() == null || v.mountedBy().isEmpty() ? "-" : String.join(",", v.mountedBy()));
        }
    }

    @Command(
            name = "rm",
            aliases = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete network volumes (refused while a sandbox mounts one).",
            footer = {"", "Example:", "  sandbox volumes rm data", "", ExitCodes.HELP})
    static final class Remove extends GatewayCommand {
        @Parameters(paramLabel = "NAME", arity = "1..*", description = "Volume names.")
        java.util.List<String> names;

        @Override
        int run() {
            for (String name : names) {
                sandboxes().deleteNetworkVolume(name);
                console().out.println(name);
            }
            return ExitCodes.OK;
        }
    }
}
