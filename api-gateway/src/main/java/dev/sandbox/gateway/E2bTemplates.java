package dev.sandbox.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an E2B {@code templateID} starts: a named template from the table, else a container image when the id looks
 * like an image reference ({@code name:tag} or {@code registry/name}). The table has {@code base} (E2B's default) and
 * whatever {@code SANDBOX_E2B_TEMPLATES} adds ({@code name=image,name=image}).
 */
final class E2bTemplates {
    /** The image behind {@code base}: Debian with bash and Python 3, user {@code user} whose home is the workspace. */
    static final String BASE_IMAGE = "sandbox-e2b-base:local";

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]{0,127}");
    private static final Pattern IMAGE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._/:@-]{0,254}");

    /**
     * One template.
     *
     * @param id the E2B template id
     * @param image the container image
     * @param home the home directory that relative paths start from; the file API reaches it when it is the workspace
     *     ({@code /workspace}) or a link to it ({@code /home/user} of the base image)
     */
    record Template(String id, String image, String home) {}

    private final Map<String, Template> table = new LinkedHashMap<>();

    E2bTemplates(String extra) {
        table.put("base", new Template("base", BASE_IMAGE, "/home/user"));
        if (extra != null && !extra.isBlank()) {
            for (String entry : extra.split(",")) {
                String[] parts = entry.trim().split("=", 2);
                if (parts.length != 2
                        || !NAME.matcher(parts[0].trim()).matches()
                        || !IMAGE.matcher(parts[1].trim()).matches()) {
                    throw new IllegalArgumentException("SANDBOX_E2B_TEMPLATES: '" + entry + "' is not name=image");
                }
                String image = parts[1].trim();
                table.put(
                        parts[0].trim(),
                        new Template(parts[0].trim(), image, image.equals(BASE_IMAGE) ? "/home/user" : "/workspace"));
            }
        }
    }

    /** A SandboxTemplate of the cluster as an E2B template. */
    static Template of(dev.sandbox.crd.SandboxTemplate resource) {
        String image = resource.getSpec().getImage();
        return new Template(
                resource.getMetadata().getName(), image, BASE_IMAGE.equals(image) ? "/home/user" : "/workspace");
    }

    static E2bTemplates fromEnvironment() {
        return new E2bTemplates(System.getenv("SANDBOX_E2B_TEMPLATES"));
    }

    /** The template of this id; empty when there is none and the id is no image reference either. */
    Optional<Template> resolve(String templateId) {
        Template named = table.get(templateId);
        if (named != null) {
            return Optional.of(named);
        }
        if ((templateId.contains(":") || templateId.contains("/"))
                && IMAGE.matcher(templateId).matches()) {
            return Optional.of(
                    new Template(templateId, templateId, templateId.equals(BASE_IMAGE) ? "/home/user" : "/workspace"));
        }
        return Optional.empty();
    }

    Iterable<String> names() {
        return table.keySet();
    }
}
