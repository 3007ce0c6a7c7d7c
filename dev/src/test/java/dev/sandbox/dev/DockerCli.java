package dev.sandbox.dev;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the docker and kubectl command-line tools, as a person checking the system would. */
final class DockerCli {
    private DockerCli() {}

    record Result(int exitCode, String output) {}

    static Result run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code docker inspect} of one object, as JSON. */
    static JsonNode inspect(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Result r = run(command.toArray(String[]::new));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " failed: " + r.output());
        }
        try {
            return Rest.JSON.readTree(r.output()).get(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean exists(String kind, String name) {
        return run("docker", kind, "inspect", name).exitCode() == 0;
    }
}
