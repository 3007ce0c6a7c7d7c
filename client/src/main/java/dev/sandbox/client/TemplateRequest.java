package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * A sandbox template to create or replace with {@link SandboxClient#createTemplate} and
 * {@link SandboxClient#replaceTemplate}: what sandboxes made from it get, and which fields such a sandbox may set
 * itself ({@code overridable}, by their REST names such as {@code environment} or {@code resources.memory}; {@code null}
 * for the gateway's default list).
 *
 * <p>The container's fields (image, command, entrypoint, environment, resources, ports, volumes, build context) are a
 * {@link ContainerSettings}, the same as a {@link CreateSandboxRequest}'s and checked the same way; they stand flat in
 * the JSON body beside {@code name} and {@code overridable}.
 *
 * @param name the template's name (lowercase letters, digits and '-'); required
 * @param container what sandboxes made from the template run; the image may be {@code null} with a
 *     {@code buildContext}
 * @param overridable fields a sandbox may override, or {@code null} for the default
 *     ({@code environment}, {@code resources.cpu}, {@code resources.memory}, {@code resources.timeout},
 *     {@code resources.idleTimeout})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TemplateRequest(String name, @JsonUnwrapped ContainerSettings container, List<String> overridable) {

    /**
     * Checks the obvious; the gateway checks the rest.
     *
     * @param name see the record description
     * @param container see the record description
     * @param overridable see the record description
     * @throws SandboxValidationException naming the field at fault
     */
    public TemplateRequest {
        if (name == null || name.isBlank()) {
            throw new SandboxValidationException("name is required", "name");
        }
        if (container == null || (!container.hasImage() && container.buildContext() == null)) {
            throw new SandboxValidationException("image is required (or give a buildContext)", "image");
        }
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
            return new TemplateRequest(name, container(), overridable);
        }
    }
}
