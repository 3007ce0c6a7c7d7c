package dev.sandbox.cli;

import dev.sandbox.client.ApiKeyInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sandbox keys}: API keys of a tenant, for administrators. */
@Command(
        name = "keys",
        aliases = "key",
        mixinStandardHelpOptions = true,
        description = "Create, list and revoke API keys (administrators only).",
        subcommands = {KeysCommand.Create.class, KeysCommand.List.class, KeysCommand.Revoke.class},
        footer = {
            "",
            "Examples:",
            "  sandbox keys create --tenant acme --name ci",
            "  sandbox keys ls --tenant acme",
            "  sandbox keys revoke 42",
            "",
            ExitCodes.HELP
        })
final class KeysCommand extends CommandGroup {

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create an API key for a tenant and print it: it is shown this once only.",
            footer = {"", "Example:", "  sandbox keys create --tenant acme --name ci", "", ExitCodes.HELP})
    static final class Create extends GatewayCommand {
        @Option(
                names = "--tenant",
                required = true,
                paramLabel = "TENANT",
                description = "The tenant the key acts for.")
        String tenant;

        @Option(names = "--name", paramLabel = "NAME", description = "A name to tell keys apart.")
        String name;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FORMAT",
                description = "key (default: only the key), json or yaml.")
        String output = "key";

        @Override
        int run() {
            Output.check(output, "key", "json", "yaml");
            ApiKeyInfo key = sandboxes().createApiKey(tenant, name);
            if ("key".equals(output)) {
                console().out.println(key.key());
                console().info("key " + key.id() + " for tenant " + tenant + ": keep it now, it cannot be shown again");
            } else {
                console().print(key, output);
            }
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "ls",
            aliases = "list",
            mixinStandardHelpOptions = true,
            description = "List a tenant's API keys (never the keys themselves).",
            footer = {"", "Example:", "  sandbox keys ls --tenant acme", "", ExitCodes.HELP})
    static final class List extends ListingCommand<ApiKeyInfo> {
        @Option(names = "--tenant", required = true, paramLabel = "TENANT", description = "The tenant.")
        String tenant;

        List() {
            super(java.util.List.of("ID", "NAME", "PREFIX", "ADMIN", "CREATED", "LAST USED", "REVOKED"));
        }

        @Override
        java.util.List<ApiKeyInfo> items() {
            return sandboxes().listApiKeys(tenant);
        }

        @Override
        java.util.List<String> row(ApiKeyInfo k) {
            return java.util.List.of(
                    String.valueOf(k.id()),
                    dash(k.name()),
                    dash(k.prefix()),
                    String.valueOf(k.admin()),
                    dash(k.createdAt()),
                    dash(k.lastUsedAt()),
                    dash(k.revokedAt()));
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke API keys: they stop working at once.",
            footer = {"", "Example:", "  sandbox keys revoke 42", "", ExitCodes.HELP})
    static final class Revoke extends GatewayCommand {
        @Parameters(paramLabel = "ID", arity = "1..*", description = "Key ids, as keys ls shows them.")
        java.util.List<Long> ids;

        @Override
        int run() {
            for (long id : ids) {
                sandboxes().revokeApiKey(id);
                console().out.println(id);
            }
            return ExitCodes.OK;
        }
    }

    static String dash(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }
}
