package dev.sandbox.cli;

import dev.sandbox.client.BlockingSandboxClient;
import dev.sandbox.client.SandboxClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where the commands send their calls: the gateway named by {@code SANDBOX_URL} and {@code SANDBOX_API_KEY}, or, when
 * they are unset, the local dev mode through the files it writes into its state directory ({@code SANDBOX_HOME},
 * default {@code ~/.sandbox}): {@code api-key} and {@code url}.
 */
final class Gateway implements AutoCloseable {
    private final SandboxClient client;

    private Gateway(SandboxClient client) {
        this.client = client;
    }

    /** The URL and key this process would use, from {@code env} and the dev-mode state directory. */
    record Target(String url, String apiKey, String source) {}

    static Target target(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("SANDBOX_HOME", System.getProperty("user.home") + "/.sandbox"));
        String url = blankToNull(env.get(SandboxClient.URL_ENV));
        String key = blankToNull(env.get(SandboxClient.API_KEY_ENV));
        String source = "SANDBOX_URL";
        if (url == null) {
            url = read(home.resolve("url"));
            source = "dev mode (" + home + ")";
            if (url == null) {
                url = "http://127.0.0.1:" + env.getOrDefault("SANDBOX_PORT", "8080");
            }
        }
        if (key == null) {
            key = read(home.resolve("api-key"));
        }
        return new Target(url.replaceAll("/+$", ""), key, source);
    }

    static Gateway connect(Map<String, String> env, Duration timeout) {
        Target target = target(env);
        if (target.apiKey() == null) {
            throw new CliException(
                    ExitCodes.AUTH,
                    "no API key: set SANDBOX_API_KEY, or start dev mode (bin/sandbox dev),"
                            + " which writes one to ~/.sandbox/api-key");
        }
        return new Gateway(SandboxClient.builder()
                .baseUrl(target.url())
                .apiKey(target.apiKey())
                .timeout(timeout)
                .build());
    }

    SandboxClient async() {
        return client;
    }

    BlockingSandboxClient blocking() {
        return client.blocking();
    }

    @Override
    public void close() {
        client.close();
    }

    private static String read(Path file) {
        try {
            return Files.isReadable(file)
                    ? blankToNull(Files.readString(file, StandardCharsets.UTF_8).trim())
                    : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
