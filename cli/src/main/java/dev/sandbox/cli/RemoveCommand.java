package dev.sandbox.cli;

import dev.sandbox.client.SandboxException;
import dev.sandbox.client.SandboxInfo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sandbox rm}: delete sandboxes with their containers and workspaces. */
@Command(
        name = "rm",
        aliases = "delete",
        mixinStandardHelpOptions = true,
        description = "Delete sandboxes: their containers and workspaces go too (network volumes stay).",
        footer = {
            "",
            "Examples:",
            "  sandbox rm sbx-k3v9q2m1xa sbx-7hq2v9x0cd",
            "  sandbox rm --all --yes",
            "",
            ExitCodes.HELP
        })
final class RemoveCommand extends GatewayCommand {
    @Parameters(paramLabel = "ID", arity = "0..*", description = "Sandbox ids.")
    List<String> ids = new ArrayList<>();

    @Option(
            names = {"-a", "--all"},
            description = "Delete all your sandboxes (asks first unless --yes).")
    boolean all;

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask.")
    boolean yes;

    @Override
    int run() throws Exception {
        if (all == !ids.isEmpty()) {
            throw new CliException(
                    ExitCodes.USAGE,
                    all ? "give either ids or --all, not both" : "name the sandboxes to delete, or use --all");
        }
        List<String> targets = ids;
        if (all) {
            targets = sandboxes().listSandboxes().stream().map(SandboxInfo::id).toList();
            if (targets.isEmpty()) {
                console().info("no sandboxes to delete");
                return ExitCodes.OK;
            }
            if (!yes && !confirm(targets)) {
                console().info("nothing deleted");
                return ExitCodes.OK;
            }
        }
        int status = ExitCodes.OK;
        for (String id : targets) {
            try {
                sandboxes().deleteSandbox(id);
                console().out.println(id);
            } catch (SandboxException e) {
                // Go on with the others; the status says the first failure.
                console().error(e.getMessage(), e.field());
                status = status == ExitCodes.OK ? SandboxCli.exitCode(e) : status;
            }
        }
        return status;
    }

    private boolean confirm(List<String> targets) throws Exception {
        if (!console().isTerminal()) {
            throw new CliException(
                    ExitCodes.USAGE,
                    "--all deletes " + targets.size() + " sandboxes; add --yes to confirm when not on a terminal");
        }
        String shown =
                targets.size() <= 5 ? String.join(", ", targets) : String.join(", ", targets.subList(0, 5)) + ", ...";
        console().err.print("Delete " + targets.size() + " sandboxes (" + shown + ")? [y/N] ");
        console().err.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && List.of("y", "yes").contains(answer.trim().toLowerCase(Locale.ROOT));
    }
}
