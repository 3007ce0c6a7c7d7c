package dev.sandbox.cli;

import dev.sandbox.client.SandboxException;
import dev.sandbox.client.SandboxInfo;
import dev.sandbox.client.SandboxNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sandbox cp}: files and folders between this machine and a sandbox, like {@code docker cp}. One side is
 * {@code ID:PATH}; {@code -} is standard input or output.
 */
@Command(
        name = "cp",
        mixinStandardHelpOptions = true,
        description = {
            "Copy files and folders between this machine and a sandbox.",
            "A sandbox path is ID:PATH; relative paths are inside /workspace. Copying into a sandbox works on /workspace and on",
            "mounted network volumes; copying out works for any path. '-' reads standard input or writes standard output",
            "(a folder is written as a zip)."
        },
        footer = {
            "",
            "Examples:",
            "  sandbox cp data.csv sbx-k3v9q2m1xa:/workspace/input/",
            "  sandbox cp ./project sbx-k3v9q2m1xa:project",
            "  sandbox cp sbx-k3v9q2m1xa:/workspace/out ./results",
            "  echo hi | sandbox cp - sbx-k3v9q2m1xa:greeting.txt",
            "  sandbox cp sbx-k3v9q2m1xa:greeting.txt -",
            "",
            ExitCodes.HELP
        })
final class CopyCommand extends GatewayCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "Local path, '-' or ID:PATH.")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "Local path, '-' or ID:PATH.")
    String target;

    @Override
    int run() throws Exception {
        Optional<String[]> from = remote(source);
        Optional<String[]> to = remote(target);
        if (from.isPresent() == to.isPresent()) {
            throw new CliException(ExitCodes.USAGE, "exactly one of SOURCE and TARGET is a sandbox path (ID:PATH)");
        }
        if (to.isPresent()) {
            copyIn(to.get()[0], to.get()[1]);
        } else {
            copyOut(from.get()[0], from.get()[1]);
        }
        return ExitCodes.OK;
    }

    /** {@code ID:PATH}, where ID is a sandbox id (a local path with a colon needs ./ in front). */
    private static Optional<String[]> remote(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0
                || text.startsWith("/")
                || text.startsWith(".")
                || text.substring(0, colon).contains("/")) {
            return Optional.empty();
        }
        String path = text.substring(colon + 1);
        return Optional.of(new String[] {text.substring(0, colon), path.isEmpty() ? "/workspace" : path});
    }

    private void copyIn(String id, String path) throws IOException {
        SandboxInfo sandbox = sandboxes().getSandbox(id);
        SandboxPath dest = SandboxPath.of(sandbox, path)
                .orElseThrow(() -> new CliException(
                        ExitCodes.USAGE,
                        "can copy into /workspace or a mounted network volume only, not "
                                + SandboxPath.absolute(path)));
        if (dest.readOnly()) {
            throw new CliException(
                    ExitCodes.CONFLICT,
                    "network volume " + dest.volume() + " is mounted read-only at " + dest.absolute());
        }
        boolean intoFolder = path.endsWith("/") || isDirectory(id, dest);
        if ("-".equals(source)) {
            if (intoFolder) {
                throw new CliException(
                        ExitCodes.USAGE, dest.absolute() + " is a folder: name the file to write standard input to");
            }
            Path temp = Files.createTempFile("sandbox-cp", ".part");
            try (InputStream in = System.in) {
                Archives.copy(in, temp);
                sandboxes().uploadFile(id, dest.volume(), dest.relative(), temp);
            } finally {
                Files.deleteIfExists(temp);
            }
            return;
        }
        Path local = Path.of(source);
        if (!Files.exists(local)) {
            throw new CliException(ExitCodes.NOT_FOUND, "no local file or folder " + source);
        }
        String name = local.toAbsolutePath().normalize().getFileName().toString();
        SandboxPath into = intoFolder ? dest.child(name) : dest;
        if (Archives.isDirectory(local)) {
            Path zip = Files.createTempFile("sandbox-cp", ".zip");
            try {
                Archives.zip(local, zip);
                var result = sandboxes().uploadArchive(id, into.volume(), into.relative(), zip);
                console().info("copied " + result.entries() + " entries to " + id + ":" + into.absolute());
            } finally {
                Files.deleteIfExists(zip);
            }
        } else {
            sandboxes().uploadFile(id, into.volume(), into.relative(), local);
        }
    }

    private void copyOut(String id, String path) throws IOException {
        SandboxInfo sandbox = sandboxes().getSandbox(id);
        Optional<SandboxPath> onVolume = SandboxPath.of(sandbox, path);
        String absolute = SandboxPath.absolute(path);
        String name = absolute.substring(absolute.lastIndexOf('/') + 1);
        if (onVolume.isPresent() && !isDirectory(id, onVolume.get())) {
            SandboxPath file = onVolume.get();
            if ("-".equals(target)) {
                Path temp = Files.createTempFile("sandbox-cp", ".part");
                try {
                    sandboxes().downloadFile(id, file.volume(), file.relative(), temp);
                    Files.copy(temp, console().out);
                    console().out.flush();
                } finally {
                    Files.deleteIfExists(temp);
                }
                return;
            }
            Path local = Path.of(target);
            sandboxes()
                    .downloadFile(
                            id, file.volume(), file.relative(), Files.isDirectory(local) ? local.resolve(name) : local);
            return;
        }
        // A folder, or a path on no volume: the export API sends it as a zip.
        Path zip = Files.createTempFile("sandbox-cp", ".zip");
        try {
            sandboxes().exportContainer(id, absolute, zip);
            List<String> entries = Archives.entries(zip);
            boolean singleFile = entries.size() == 1
                    && !entries.get(0).endsWith("/")
                    && entries.get(0).equals(name);
            if ("-".equals(target)) {
                if (singleFile) {
                    Archives.firstFile(zip, console().out);
                } else {
                    Files.copy(zip, console().out);
                }
                console().out.flush();
                return;
            }
            Path local = Path.of(target);
            if (singleFile) {
                Path file = Files.isDirectory(local) ? local.resolve(name) : local;
                try (var out = Files.newOutputStream(file)) {
                    Archives.firstFile(zip, out);
                }
                return;
            }
            Path folder = Files.isDirectory(local) ? local.resolve(name) : local;
            int files = Archives.unzip(zip, folder);
            console().info("copied " + files + " files to " + folder);
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    /** Whether the path is a folder on its volume (false when it does not exist or is a file). */
    private boolean isDirectory(String id, SandboxPath path) {
        try {
            sandboxes().listDirectory(id, path.volume(), path.relative());
            return true;
        } catch (SandboxNotFoundException e) {
            // The sandbox was found just before: the path is what is missing.
            return false;
        } catch (SandboxException e) {
            if (e.status() == 409) {
                return false;
            }
            throw e;
        }
    }
}
