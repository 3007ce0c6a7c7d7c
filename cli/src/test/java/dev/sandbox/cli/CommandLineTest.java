package dev.sandbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the command line is put together, checked without a gateway: names, aliases, options and usage errors. */
class CommandLineTest {
    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false,
                Map.of());
        int status = SandboxCli.run(args, Map.of(), console);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tenants", "keys", "volumes"})
    void everyGroupListsWithLsOrListAndTheOutputOption(String group) {
        for (String name : new String[] {"ls", "list"}) {
            Run help = run(group, name, "--help");
            assertThat(help.status()).isEqualTo(ExitCodes.OK);
            assertThat(help.out())
                    .contains("Usage: sandbox " + group + " ls")
                    .contains("-o, --output=FORMAT")
                    .contains("table (default), json or yaml.")
                    .contains("Example:");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"get", "update", "rm"})
    void tenantCommandsTakeTheTenantsName(String command) {
        Run help = run("tenants", command, "--help");
        assertThat(help.status()).isEqualTo(ExitCodes.OK);
        assertThat(help.out()).contains("NAME").contains("The tenant's name.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stop", "start", "restart", "pause", "resume"})
    void lifecycleCommandsTakeIdsAndWait(String command) {
        Run help = run(command, "--help");
        assertThat(help.status()).isEqualTo(ExitCodes.OK);
        assertThat(help.out()).contains("ID...").contains("--wait");
    }

    @ParameterizedTest
    @ValueSource(strings = {"get", "ls", "ls-files", "stats"})
    void outputFormatsAreDocumented(String command) {
        assertThat(run(command, "--help").out()).contains("-o, --output=FORMAT");
    }

    @org.junit.jupiter.api.Test
    void aGroupAloneNamesItsSubcommands() {
        Run volumes = run("volumes");
        assertThat(volumes.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(volumes.err()).contains("name a subcommand: create, ls or rm");
        assertThat(run("tenants").err()).contains("name a subcommand: create, ls, get, update or rm");
        assertThat(run("keys").err()).contains("name a subcommand: create, ls or revoke");
    }
}
