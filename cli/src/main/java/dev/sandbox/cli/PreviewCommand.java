package dev.sandbox.cli;

import dev.sandbox.client.PreviewAccess;
import dev.sandbox.client.PreviewUrl;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sandbox preview}: the URL of an HTTP port of a sandbox, optionally with a signed token in it. */
@Command(
        name = "preview",
        mixinStandardHelpOptions = true,
        description = {
            "Print the preview URL of an HTTP port of a sandbox.",
            "Without --open-token the URL needs your API key (or a public sandbox); with it, anyone holding the URL can open it",
            "until the token expires."
        },
        footer = {
            "",
            "Examples:",
            "  sandbox preview sbx-k3v9q2m1xa 8080",
            "  sandbox preview sbx-k3v9q2m1xa 8080 --open-token --expires 600",
            "",
            ExitCodes.HELP
        })
final class PreviewCommand extends GatewayCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The sandbox id.")
    String id;

    @Parameters(
            index = "1",
            paramLabel = "PORT",
            description = "The port inside the sandbox (declared with protocol http).")
    int port;

    @Option(names = "--open-token", description = "Put a signed preview token in the URL.")
    boolean token;

    @Option(
            names = "--expires",
            paramLabel = "SECONDS",
            defaultValue = "3600",
            description = "Lifetime of the token, 60 to 604800 (default ${DEFAULT-VALUE}).")
    long expires;

    @Override
    int run() {
        if (!token) {
            // Checks that the sandbox exists and declares the port, so a typo fails here and not in a browser.
            var sandbox = sandboxes().getSandbox(id);
            if (sandbox.ports().stream().noneMatch(p -> p.internal() == port)) {
                throw new CliException(ExitCodes.NOT_FOUND, "sandbox " + id + " declares no port " + port);
            }
            console().out.println(gateway().async().previewUrl(id, port));
            return ExitCodes.OK;
        }
        PreviewAccess access = sandboxes().createPreviewToken(id, Duration.ofSeconds(expires));
        PreviewUrl url = access.urls().stream()
                .filter(u -> u.port() == port)
                .findFirst()
                .orElseThrow(
                        () -> new CliException(ExitCodes.NOT_FOUND, "sandbox " + id + " has no HTTP port " + port));
        console().out.println(url.url());
        console().info("the token expires at " + access.expiresAt());
        return ExitCodes.OK;
    }
}
