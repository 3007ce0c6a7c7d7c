package dev.sandbox.cli;

import dev.sandbox.client.TenantInfo;
import dev.sandbox.client.TenantLimits;
import dev.sandbox.client.TenantUsage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sandbox tenants}: tenants and their limits, for administrators. */
@Command(
        name = "tenants",
        aliases = "tenant",
        mixinStandardHelpOptions = true,
        description = "Create, list, change and delete tenants and their limits (administrators only).",
        subcommands = {
            TenantsCommand.Create.class,
            TenantsCommand.List.class,
            TenantsCommand.Get.class,
            TenantsCommand.Update.class,
            TenantsCommand.Remove.class
        },
        footer = {
            "",
            "Examples:",
            "  sandbox tenants create acme --sandboxes 20 --cpu 8 --memory 16g --rps 50",
            "  sandbox tenants ls",
            "  sandbox tenants update acme --sandboxes 40",
            "",
            ExitCodes.HELP
        })
final class TenantsCommand extends CommandGroup {

    /** The limits a command line sets; those left out are not changed (update) or unlimited (create). */
    static class Limits {
        @Option(names = "--sandboxes", paramLabel = "N", description = "How many sandboxes at once.")
        Integer sandboxes;

        @Option(names = "--cpu", paramLabel = "CORES", description = "CPU cores over all its sandboxes.")
        Double cpu;

        @Option(names = "--memory", paramLabel = "SIZE", description = "Memory over all its sandboxes, e.g. 16g.")
        String memory;

        @Option(names = "--disk", paramLabel = "SIZE", description = "Disk over all its sandboxes, e.g. 100g.")
        String disk;

        @Option(names = "--rps", paramLabel = "N", description = "Requests per second.")
        Integer requestsPerSecond;

        TenantLimits toLimits() {
            return new TenantLimits(sandboxes, cpu, memory, disk, requestsPerSecond);
        }

        /** These limits where given, the current ones elsewhere (the API takes a left-out limit as "no limit"). */
        TenantLimits over(TenantLimits current) {
            TenantLimits c = current == null ? TenantLimits.none() : current;
            return new TenantLimits(
                    sandboxes != null ? sandboxes : c.sandboxes(),
                    cpu != null ? cpu : c.cpu(),
                    memory != null ? memory : c.memory(),
                    disk != null ? disk : c.disk(),
                    requestsPerSecond != null ? requestsPerSecond : c.requestsPerSecond());
        }
    }

    /** A subcommand about one tenant, named by the first argument. */
    abstract static class OneTenant extends GatewayCommand {
        @Parameters(paramLabel = "NAME", description = "The tenant's name.")
        String name;
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a tenant.",
            footer = {
                "",
                "Example:",
                "  sandbox tenants create acme --sandboxes 20 --cpu 8 --memory 16g",
                "",
                ExitCodes.HELP
            })
    static final class Create extends OneTenant {
        @picocli.CommandLine.Mixin
        Limits limits = new Limits();

        @Override
        int run() {
            console().print(sandboxes().createTenant(name, limits.toLimits()), "yaml");
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "ls",
            aliases = "list",
            mixinStandardHelpOptions = true,
            description = "List tenants with their limits and use.",
            footer = {"", "Example:", "  sandbox tenants ls -o json", "", ExitCodes.HELP})
    static final class List extends ListingCommand<TenantInfo> {
        List() {
            super(java.util.List.of("NAME", "SANDBOXES", "CPU", "MEMORY", "DISK", "RPS"));
        }

        @Override
        java.util.List<TenantInfo> items() {
            return sandboxes().listTenants();
        }

        @Override
        java.util.List<String> row(TenantInfo t) {
            TenantUsage usage = t.usage();
            TenantLimits limits = t.limits() == null ? TenantLimits.none() : t.limits();
            return java.util.List.of(
                    t.name(),
                    used(usage == null ? null : String.valueOf(usage.sandboxes()), limits.sandboxes()),
                    used(usage == null ? null : String.valueOf(usage.cpu()), limits.cpu()),
                    used(usage == null ? null : usage.memory(), limits.memory()),
                    used(usage == null ? null : usage.disk(), limits.disk()),
                    limits.requestsPerSecond() == null ? "-" : String.valueOf(limits.requestsPerSecond()));
        }

        private static String used(String usage, Object limit) {
            return (usage == null ? "-" : usage) + "/" + (limit == null ? "-" : limit);
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Show one tenant.",
            footer = {"", "Example:", "  sandbox tenants get acme", "", ExitCodes.HELP})
    static final class Get extends OneTenant {
        @picocli.CommandLine.Mixin
        DocumentOutput output = new DocumentOutput();

        @Override
        int run() {
            output.print(console(), () -> sandboxes().getTenant(name));
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "update",
            mixinStandardHelpOptions = true,
            description = "Change a tenant's limits (those given; the rest stay).",
            footer = {"", "Example:", "  sandbox tenants update acme --sandboxes 40 --rps 100", "", ExitCodes.HELP})
    static final class Update extends OneTenant {
        @picocli.CommandLine.Mixin
        Limits limits = new Limits();

        @Override
        int run() {
            console()
                    .print(
                            sandboxes()
                                    .updateTenant(
                                            name,
                                            limits.over(
                                                    sandboxes().getTenant(name).limits())),
                            "yaml");
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "rm",
            aliases = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete a tenant (refused while it has sandboxes).",
            footer = {"", "Example:", "  sandbox tenants rm acme", "", ExitCodes.HELP})
    static final class Remove extends OneTenant {
        @Override
        int run() {
            sandboxes().deleteTenant(name);
            console().out.println(name);
            return ExitCodes.OK;
        }
    }
}
