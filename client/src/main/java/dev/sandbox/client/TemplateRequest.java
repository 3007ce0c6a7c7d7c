package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sandbox template to create or replace with {@link SandboxClient#createTemplate} and
 * {@link SandboxClient#replaceTemplate}: what sandboxes made from it get, and which fields such a sandbox may set
 * itself ({@code overridable}, by their REST names such as {@code environment} or {@code resources.memory}; {@code null}
 * for the gateway's default list).
 *
 * @param name the template's name (lowercase letters, digits and '-'); required
 * @param image the container image, or {@code null} with a {@code buildContext}
 * @param command the command, or {@code null} for the image's
 * @param entrypoint the entrypoint, or {@code null} for the image's
 * @param environment environment variables, or {@code null}
 * @param resources limits and clocks, or {@code null} for the defaults
 * @param ports ports to publish, or {@code null}
 * @param volumes network volumes to mount, or {@code null}
 * @param buildContext files to build the image from, or {@code null}
 * @param overridable fields a sandbox may override, or {@code null} for the default
 *     ({@code environment}, {@code resources.cpu}, {@code resources.memory}, {@code resources.timeout},
 *     {@code resources.idleTimeout})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TemplateRequest(
        String name,
        String image,

        @JsonSerialize(using = SandboxJson.CommandSerializer.class)
        List<String> command,

        @JsonSerialize(using = SandboxJson.CommandSerializer.class)
        List<String> entrypoint,

        Map<String, String> environment,
        ResourceConfig resources,
        List<PortConfig> ports,
        Map<String, VolumeConfig> volumes,
        Map<String, String> buildContext,
        List<String> overridable) {

    /**
     * Checks the obvious; the gateway checks the rest.
     *
     * @param name see the record description
     * @param image see the record description
     * @param command see the record description
     * @param entrypoint see the record description
     * @param environment see the record description
     * @param resources see the record description
     * @param ports see the record description
     * @param volumes see the record description
     * @param buildContext see the record description
     * @param overridable see the record description
     * @throws SandboxValidationException naming the field at fault
     */
    public TemplateRequest {
        if (name == null || name.isBlank()) {
            throw new SandboxValidationException("name is required", "name");
        }
        if ((image == null || image.isBlank()) && buildContext == null) {
            throw new SandboxValidationException("image is required (or give a buildContext)", "image");
        }
        command = command == null ? null : List.copyOf(command);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        environment = environment == null ? null : new LinkedHashMap<>(environment);
        overridable = overridable == null ? null : List.copyOf(overridable);
    }

    /**
     * Starts a builder.
     *
     * @param name the template's name
     * @param image the container image
     * @return the builder
     */
    public static Builder builder(String name, String image) {
        return new Builder(name, image);
    }

    /** Fluent builder of a {@link TemplateRequest}. */
    public static final class Builder extends ContainerSettingsBuilder<Builder> {
        private final String name;
        private final String image;
        private List<String> entrypoint;
        private List<String> overridable;

        private Builder(String name, String image) {
            this.name = name;
            this.image = image;
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * The entrypoint as arguments.
         *
         * @param args the arguments
         * @return this builder
         */
        public Builder entrypoint(String... args) {
            this.entrypoint = List.of(args);
            return this;
        }

        /**
         * The fields a sandbox made from the template may set itself.
         *
         * @param fields REST field names, e.g. {@code environment}, {@code resources.memory}, {@code command}
         * @return this builder
         */
        public Builder overridable(String... fields) {
            this.overridable = List.of(fields);
            return this;
        }

        /**
         * Checks and builds the request.
         *
         * @return the request
         */
        public TemplateRequest build() {
            return new TemplateRequest(
                    name,
                    image,
                    command,
                    entrypoint,
                    environment,
                    resources,
                    ports,
                    volumes,
                    buildContext,
                    overridable);
        }
    }
}
