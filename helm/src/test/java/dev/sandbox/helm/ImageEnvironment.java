package dev.sandbox.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment an image gives its containers ({@code ENV} of its Dockerfile and of the base image's), as the
 * container runtime would set it before the pod's own {@code env}: most of all {@code PATH}, through which the operator
 * finds {@code iptables}, {@code mkfs.ext4} and {@code mount}. The tools themselves are this machine's, installed at the
 * same paths the image carries them.
 */
final class ImageEnvironment {
    static final Path IMAGES = Path.of("..", "images").toAbsolutePath().normalize();

    private ImageEnvironment() {}

    /** The environment of the image built from {@code images/<component>} on {@code images/jre}. */
    static Map<String, String> of(String component) {
        Map<String, String> env = new LinkedHashMap<>();
        read(IMAGES.resolve("jre").resolve("Dockerfile"), env);
        read(IMAGES.resolve(component).resolve("Dockerfile"), env);
        return env;
    }

    /** The component whose image {@code image} (e.g. {@code sandbox-operator:0.1.0}) is. */
    static String componentOf(String image) {
        String name = image.substring(image.lastIndexOf('/') + 1).replaceFirst(":.*$", "");
        if (!name.startsWith("sandbox-")) {
            throw new AssertionError("not one of the project's images: " + image);
        }
        return name.substring("sandbox-".length());
    }

    private static void read(Path dockerfile, Map<String, String> into) {
        try {
            for (String line : Files.readAllLines(dockerfile)) {
                if (!line.startsWith("ENV ")) {
                    continue;
                }
                for (String pair : line.substring(4).trim().split("\\s+")) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new AssertionError(dockerfile + ": only ENV KEY=VALUE ... is read here, not: " + line);
                    }
                    into.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
