package dev.sandbox.cli;

import dev.sandbox.client.CreateSandboxRequest;
import dev.sandbox.client.PortConfig;
import dev.sandbox.client.ResourceConfig;
import dev.sandbox.client.SandboxInfo;
import dev.sandbox.client.VolumeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sandbox create}: a new sandbox from an image, optionally waiting until it runs. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Create a sandbox from an image and print its id.",
        footer = {
            "",
            "Examples:",
            "  sandbox create sandbox-busybox:local --cpu 0.5 --memory 256m --wait",
            "  sandbox create --template python-data --wait",
            "  sandbox create sandbox-busybox:local -p 8080 -e MODE=demo -l team=data --timeout 3600 -- httpd -f -p 8080",
            "",
            ExitCodes.HELP
        })
final class CreateCommand extends GatewayCommand {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "IMAGE",
            description = "Container image, e.g. sandbox-busybox:local (optional with --template or --snapshot).")
    String image;

    @Option(
            names = {"-t", "--template"},
            paramLabel = "TEMPLATE",
            description =
                    "Start from a template (taken from its warm pool when one is ready); options override what it allows.")
    String template;

    @Option(
            names = "--snapshot",
            paramLabel = "SNAPSHOT",
            description = "Start from a snapshot: its files (and its image unless IMAGE is given).")
    String snapshot;

    @Parameters(
            index = "1..*",
            paramLabel = "COMMAND",
            description = "Command to run instead of the image's (after --).")
    List<String> command = new ArrayList<>();

    @Option(names = "--cpu", paramLabel = "CORES", description = "CPU cores, 0.1 to 8 (default 1).")
    Double cpu;

    @Option(
            names = {"-m", "--memory"},
            paramLabel = "SIZE",
            description = "Memory limit such as 256m or 1g (default 512m).")
    String memory;

    @Option(
            names = {"-e", "--env"},
            paramLabel = "KEY=VALUE",
            description = "Environment variable (repeatable).")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(
            names = {"-p", "--port"},
            paramLabel = "PORT[:EXTERNAL]",
            description = "Publish an HTTP port of the sandbox, optionally on a chosen node port (repeatable).")
    List<String> ports = new ArrayList<>();

    @Option(
            names = {"-v", "--volume"},
            paramLabel = "VOLUME:PATH[:ro]",
            description = "Mount a network volume at PATH, read-only with :ro (repeatable).")
    List<String> volumes = new ArrayList<>();

    @Option(
            names = {"-l", "--label"},
            paramLabel = "KEY=VALUE",
            description = "Label to find it by later (repeatable).")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Lifetime: deleted this long after creation.")
    Integer timeout;

    @Option(
            names = "--idle-timeout",
            paramLabel = "SECONDS",
            description = "Stopped after this long without use (0: never).")
    Integer idleTimeout;

    @Option(names = "--public", description = "Open its preview URLs to anyone, without a key or token.")
    boolean publicPreview;

    @Option(
            names = {"-w", "--wait"},
            description = "Wait until it runs, showing progress.")
    boolean waitUntilRunning;

    @Option(
            names = "--wait-timeout",
            paramLabel = "SECONDS",
            defaultValue = "300",
            description = "How long --wait waits (default ${DEFAULT-VALUE}).")
    int waitTimeout;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            description = "id (default), json or yaml.")
    String output = "id";

    @Override
    int run() throws Exception {
        Output.check(output, "id", "json", "yaml");
        if (image == null && snapshot == null && template == null) {
            throw new CliException(ExitCodes.USAGE, "name an IMAGE (or --template or --snapshot to start from)");
        }
        CreateSandboxRequest.Builder request = CreateSandboxRequest.builder().image(image);
        if (template != null) {
            request.template(template);
        }
        if (snapshot != null) {
            request.snapshot(snapshot);
        }
        if (!command.isEmpty()) {
            request.command(command);
        }
        if (cpu != null || memory != null || timeout != null || idleTimeout != null) {
            ResourceConfig resources = ResourceConfig.defaults();
            resources = cpu == null ? resources : resources.withCpu(cpu);
            resources = memory == null ? resources : resources.withMemory(memory);
            resources = timeout == null ? resources : resources.withTimeout(timeout);
            resources = idleTimeout == null ? resources : resources.withIdleTimeout(idleTimeout);
            request.resources(resources);
        }
        env.forEach(request::environment);
        for (String port : ports) {
            request.port(port(port));
        }
        for (String volume : volumes) {
            String[] parts = volume.split(":", -1);
            if (parts.length < 2
                    || parts.length > 3
                    || parts[0].isBlank()
                    || parts[1].isBlank()
                    || (parts.length == 3 && !parts[2].equals("ro"))) {
                throw new CliException(
                        ExitCodes.USAGE, "--volume takes VOLUME:PATH or VOLUME:PATH:ro, not '" + volume + "'");
            }
            request.volume(parts[0], parts.length == 3 ? VolumeConfig.readOnlyAt(parts[1]) : VolumeConfig.at(parts[1]));
        }
        labels.forEach(request::label);
        if (publicPreview) {
            request.publicPreview(true);
        }
        SandboxInfo sandbox = sandboxes().createSandbox(request.build());
        if (waitUntilRunning) {
            sandbox = waitFor(sandbox.id(), "Running", Duration.ofSeconds(waitTimeout));
        }
        if ("id".equals(output)) {
            console().out.println(sandbox.id());
        } else {
            console().print(sandbox, output);
        }
        return ExitCodes.OK;
    }

    static PortConfig port(String text) {
        String[] parts = text.split(":", -1);
        try {
            PortConfig port = PortConfig.of(Integer.parseInt(parts[0]));
            if (parts.length == 2) {
                return port.withExternal(Integer.parseInt(parts[1]));
            }
            if (parts.length == 1) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Falls through to the message below.
        }
        throw new CliException(ExitCodes.USAGE, "--port takes PORT or PORT:EXTERNAL (numbers), not '" + text + "'");
    }
}
