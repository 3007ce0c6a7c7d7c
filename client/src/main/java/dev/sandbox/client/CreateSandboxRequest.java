package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to run in a new sandbox: the body of {@code POST /v1/sandboxes}. Build one with {@link #builder()}:
 *
 * <pre>{@code
 * CreateSandboxRequest request = CreateSandboxRequest.builder()
 *     .image("python:3.12-slim")
 *     .command("python -m http.server 8080")
 *     .port(PortConfig.of(8080))
 *     .resources(ResourceConfig.of(1.0, "512m"))
 *     .build();
 * }</pre>
 *
 * <p>Every {@code null} field is left out of the JSON body: the gateway rejects fields it does not know, and lets
 * absent fields take their defaults. Obvious errors are caught on construction with a
 * {@link SandboxValidationException} naming the field, before any HTTP call.
 *
 * <p>The container's own fields (image, command, entrypoint, environment, resources, ports, volumes, build context)
 * are a {@link ContainerSettings}, shared with {@link TemplateRequest}; they stand flat in the JSON body beside the
 * fields of this record.
 *
 * @param container image, command, entrypoint, environment, resources, ports, volumes and build context; the image is
 *     required unless a {@code snapshot} or {@code template} is given
 * @param forceBuild whether to rebuild the image from {@code buildContext} even if it exists, or {@code null}
 * @param publicPreview {@code true} to open the sandbox's preview URLs to anyone, without an API key or preview
 *     token; {@code null} (the default) keeps them private
 * @param snapshot name of a snapshot to start from (its image unless {@code image} is given, and a copy of its
 *     workspace), or {@code null}
 * @param labels the caller's own labels, to find the sandbox again with
 *     {@link SandboxClient#listSandboxes(String, Map)}, or {@code null}
 * @param template the name of a template to start from, or {@code null}: its fields fill in what the request leaves
 *     out (then {@code image} is optional), the request may set only what the template allows, and a ready sandbox of
 *     the template's warm pool is claimed instead of starting a container ({@link SandboxInfo#start()} says which)
 * @param network what the sandbox may reach over the network, or {@code null} for the default ({@code none} without
 *     ports, {@code egress} with ports)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateSandboxRequest(
        @JsonUnwrapped ContainerSettings container,
        Boolean forceBuild,
        @JsonProperty("public") Boolean publicPreview,
        String snapshot,
        Map<String, String> labels,
        String template,
        NetworkPolicy network) {

    /**
     * Checks the request and makes it immutable; prefer {@link #builder()}.
     *
     * @param container the container's fields, or {@code null} for none (then a snapshot or template is required)
     * @param forceBuild whether to rebuild the image, or {@code null}
     * @param publicPreview whether preview URLs are open to anyone, or {@code null} for private
     * @param snapshot snapshot to start from, or {@code null}
     * @param labels the caller's own labels, or {@code null}
     * @param template a template to start from, or {@code null}
     * @param network outbound network access, or {@code null} for the default
     * @throws SandboxValidationException when a field is obviously invalid; {@link SandboxValidationException#field()}
     *     names it
     */
    public CreateSandboxRequest {
        if (container == null) {
            container = new ContainerSettings(null, null, null, null, null, null, null, null);
        }
        if (!container.hasImage() && snapshot == null && template == null) {
            throw new SandboxValidationException(
                    "image is required (or a snapshot or template to start from)", "image");
        }
        if (snapshot != null && snapshot.isBlank()) {
            throw new SandboxValidationException(
                    "snapshot must not be blank; leave it null to start from an image", "snapshot");
        }
        if (template != null && template.isBlank()) {
            throw new SandboxValidationException("template must not be blank", "template");
        }
        labels = ContainerSettings.checkedStrings(labels, "labels");
    }

    /**
     * A request for {@code image} with every other field left to the gateway's defaults.
     *
     * @param image container image reference
     * @return the request
     * @throws SandboxValidationException when the image is blank
     */
    public static CreateSandboxRequest of(String image) {
        return builder().image(image).build();
    }

    /**
     * A request for a sandbox of the template {@code template}, claimed from its warm pool when one is ready.
     *
     * @param template the template's name
     * @return the request
     */
    public static CreateSandboxRequest fromTemplate(String template) {
        return builder().template(template).build();
    }

    /**
     * Starts a fluent builder.
     *
     * @return a new, empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder of a {@link CreateSandboxRequest}; {@link #image(String)} or {@link #template(String)} is required. */
    public static final class Builder extends ContainerSettingsBuilder<Builder> {
        private Boolean forceBuild;
        private Boolean publicPreview;
        private String snapshot;
        private Map<String, String> labels;
        private String template;
        private NetworkPolicy network;

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets what the sandbox may reach over the network, e.g. {@code NetworkPolicy.egress().allow("203.0.113.0/24")}.
         *
         * @param network the policy, or {@code null} for the default
         * @return this builder
         */
        public Builder network(NetworkPolicy network) {
            this.network = network;
            return this;
        }

        /**
         * Sets the container image.
         *
         * @param image image reference such as {@code python:3.12-slim}
         * @return this builder
         */
        public Builder image(String image) {
            this.image = image;
            return this;
        }

        /**
         * Sets the command as one command line, run by {@code /bin/sh -c} and sent as a JSON string.
         *
         * @param commandLine the command line such as {@code "sleep 3600"}
         * @return this builder
         */
        public Builder command(String commandLine) {
            this.command = commandLine == null ? null : SandboxJson.shellForm(commandLine);
            return this;
        }

        /**
         * Sets the command as separate arguments, run without a shell and sent as a JSON list.
         *
         * @param args the arguments, or {@code null} for the image's default
         * @return this builder
         */
        public Builder command(List<String> args) {
            this.command = args;
            return this;
        }

        /**
         * Sets the entrypoint as one command line, run by {@code /bin/sh -c} and sent as a JSON string.
         *
         * @param commandLine the entrypoint command line
         * @return this builder
         */
        public Builder entrypoint(String commandLine) {
            this.entrypoint = commandLine == null ? null : SandboxJson.shellForm(commandLine);
            return this;
        }

        /**
         * Sets the entrypoint as separate arguments, sent as a JSON list.
         *
         * @param args the executable and its first arguments, or {@code null} for the image's default
         * @return this builder
         */
        public Builder entrypoint(List<String> args) {
            this.entrypoint = args;
            return this;
        }

        /**
         * Replaces all environment variables.
         *
         * @param environment variables by name, or {@code null} for none
         * @return this builder
         */
        public Builder environment(Map<String, String> environment) {
            this.environment = environment == null ? null : new LinkedHashMap<>(environment);
            return this;
        }

        /**
         * Replaces all ports.
         *
         * @param ports the ports to publish, or {@code null} for none
         * @return this builder
         */
        public Builder ports(List<PortConfig> ports) {
            this.ports = ports == null ? null : new ArrayList<>(ports);
            return this;
        }

        /**
         * Sets whether to rebuild the image from the build context even when it exists.
         *
         * @param forceBuild {@code true} to rebuild
         * @return this builder
         */
        public Builder forceBuild(boolean forceBuild) {
            this.forceBuild = forceBuild;
            return this;
        }

        /**
         * Opens the sandbox's preview URLs to anyone, without an API key or preview token.
         *
         * @param publicPreview {@code true} for public previews
         * @return this builder
         */
        public Builder publicPreview(boolean publicPreview) {
            this.publicPreview = publicPreview;
            return this;
        }

        /**
         * Starts the sandbox from a snapshot: its image (unless {@link #image} is set too) and a copy of its workspace.
         * The sandbox runs on the node that holds the snapshot.
         *
         * @param snapshotId the snapshot's id, as in {@link SnapshotInfo#id()}
         * @return this builder
         */
        public Builder snapshot(String snapshotId) {
            this.snapshot = snapshotId;
            return this;
        }

        /**
         * Adds a label of the caller's own (Kubernetes label rules: a key such as {@code team} or
         * {@code example.com/team}, a value of at most 63 letters, digits, {@code -_.}).
         *
         * @param key the label key
         * @param value its value
         * @return this builder
         */
        public Builder label(String key, String value) {
            if (labels == null) {
                labels = new LinkedHashMap<>();
            }
            labels.put(key, value);
            return this;
        }

        /**
         * Replaces the labels.
         *
         * @param newLabels the labels, or {@code null} for none
         * @return this builder
         */
        public Builder labels(Map<String, String> newLabels) {
            labels = newLabels == null ? null : new LinkedHashMap<>(newLabels);
            return this;
        }

        /**
         * Starts from a template: its fields fill in what this request leaves out, and its warm pool serves the create
         * when it has a ready sandbox.
         *
         * @param name the template's name
         * @return this builder
         */
        public Builder template(String name) {
            this.template = name;
            return this;
        }

        /**
         * Checks and builds the request.
         *
         * @return the request
         * @throws SandboxValidationException when a field is obviously invalid
         */
        public CreateSandboxRequest build() {
            return new CreateSandboxRequest(
                    container(), forceBuild, publicPreview, snapshot, labels, template, network);
        }
    }
}
