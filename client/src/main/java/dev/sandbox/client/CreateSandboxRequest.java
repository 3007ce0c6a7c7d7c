package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.ArrayList;
import java.util.Collections;
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
 * <p>Commands: a command given as one string is run by {@code /bin/sh -c}, so {@code command("sleep 3600")} is held
 * as {@code ["/bin/sh", "-c", "sleep 3600"]} (as the gateway reports it back in {@link SandboxInfo#command()}) and
 * is sent as the string {@code "sleep 3600"}. A list is run as is, without a shell.
 *
 * @param image container image reference such as {@code python:3.12-slim}; required
 * @param command arguments run by the entrypoint, replacing the image's CMD; {@code null} for the image's default
 * @param entrypoint entrypoint executable and its first arguments, replacing the image's ENTRYPOINT; {@code null} for
 *     the image's default
 * @param environment environment variables by name, or {@code null}
 * @param resources CPU, memory and other limits, or {@code null} for the defaults
 * @param ports ports to publish, or {@code null}; without ports the sandbox has no network
 * @param volumes named volumes to mount, keyed by volume name, or {@code null}; not accepted by the v1 gateway yet
 * @param forceBuild whether to rebuild the image from {@code buildContext} even if it exists, or {@code null}; not
 *     accepted by the v1 gateway yet
 * @param buildContext files to build the image from (path to content), or {@code null}; not accepted by the v1
 *     gateway yet
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
        String image,

        @JsonSerialize(using = SandboxJson.CommandSerializer.class)
        List<String> command,

        @JsonSerialize(using = SandboxJson.CommandSerializer.class)
        List<String> entrypoint,

        Map<String, String> environment,
        ResourceConfig resources,
        List<PortConfig> ports,
        Map<String, VolumeConfig> volumes,
        Boolean forceBuild,
        Map<String, String> buildContext,
        @JsonProperty("public") Boolean publicPreview,
        String snapshot,
        Map<String, String> labels,
        String template,
        NetworkPolicy network) {

    private static final double MIN_CPU = 0.1;
    private static final double MAX_CPU = 8.0;
    private static final int MAX_PORT = 65535;

    /**
     * Checks the request and makes it immutable; prefer {@link #builder()}.
     *
     * @param image container image reference; required
     * @param command command arguments, or {@code null}
     * @param entrypoint entrypoint arguments, or {@code null}
     * @param environment environment variables, or {@code null}
     * @param resources resource limits, or {@code null}
     * @param ports ports to publish, or {@code null}
     * @param volumes volume mounts by volume name, or {@code null}
     * @param forceBuild whether to rebuild the image, or {@code null}
     * @param buildContext files to build the image from, or {@code null}
     * @param publicPreview whether preview URLs are open to anyone, or {@code null} for private
     * @param snapshot snapshot to start from, or {@code null}
     * @param labels the caller's own labels, or {@code null}
     * @param template a template to start from, or {@code null}
     * @param network outbound network access, or {@code null} for the default
     * @throws SandboxValidationException when a field is obviously invalid; {@link SandboxValidationException#field()}
     *     names it
     */
    public CreateSandboxRequest {
        if ((image == null || image.isBlank()) && snapshot == null && template == null) {
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
        command = checkedCommand(command, "command");
        entrypoint = checkedCommand(entrypoint, "entrypoint");
        environment = checkedStrings(environment, "environment");
        buildContext = checkedStrings(buildContext, "buildContext");
        checkResources(resources);
        ports = checkedPorts(ports);
        volumes = checkedVolumes(volumes);
        labels = checkedStrings(labels, "labels");
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

    private static List<String> checkedCommand(List<String> args, String field) {
        if (args == null) {
            return null;
        }
        if (args.isEmpty()) {
            throw new SandboxValidationException(
                    field + " must not be empty; leave it null for the image's default", field);
        }
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) == null) {
                throw new SandboxValidationException(field + " must not contain null", field + "[" + i + "]");
            }
        }
        return List.copyOf(args);
    }

    private static Map<String, String> checkedStrings(Map<String, String> values, String field) {
        if (values == null) {
            return null;
        }
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (entry.getKey() == null || entry.getKey().isBlank()) {
                throw new SandboxValidationException(field + " names must not be blank", field);
            }
            if (entry.getValue() == null) {
                throw new SandboxValidationException("value must not be null", field + "." + entry.getKey());
            }
        }
        // Copied in order, so the JSON body lists entries as the caller gave them.
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    private static void checkResources(ResourceConfig resources) {
        if (resources == null) {
            return;
        }
        double cpu = resources.cpu();
        if (!(cpu >= MIN_CPU && cpu <= MAX_CPU)) {
            throw new SandboxValidationException(
                    "cpu must be between " + MIN_CPU + " and " + MAX_CPU + " cores, was " + cpu, "resources.cpu");
        }
        if (resources.memory().isBlank()) {
            throw new SandboxValidationException("memory must not be blank", "resources.memory");
        }
        if (resources.disk() != null && !resources.disk().matches("[0-9]+(\\.[0-9]+)?[bkmgBKMG]?")) {
            // Bounds (16m to the cluster's maximum) are the gateway's to check: only it knows the maximum.
            throw new SandboxValidationException(
                    "disk must be a size such as 2g or 512m, was '" + resources.disk() + "'", "resources.disk");
        }
        if (resources.timeout() != null && resources.timeout() < 1) {
            throw new SandboxValidationException(
                    "timeout must be at least 1 second, was " + resources.timeout(), "resources.timeout");
        }
        if (resources.idleTimeout() != null && resources.idleTimeout() < 0) {
            throw new SandboxValidationException(
                    "idleTimeout must be 0 (never) or a number of seconds, was " + resources.idleTimeout(),
                    "resources.idleTimeout");
        }
        if (resources.maxRetries() != null && resources.maxRetries() < 0) {
            throw new SandboxValidationException(
                    "maxRetries must not be negative, was " + resources.maxRetries(), "resources.maxRetries");
        }
    }

    private static List<PortConfig> checkedPorts(List<PortConfig> ports) {
        if (ports == null) {
            return null;
        }
        for (int i = 0; i < ports.size(); i++) {
            PortConfig port = ports.get(i);
            String prefix = "ports[" + i + "]";
            if (port == null) {
                throw new SandboxValidationException("port must not be null", prefix);
            }
            checkPort(port.internal(), prefix + ".internal");
            if (port.external() != null) {
                checkPort(port.external(), prefix + ".external");
            }
            if (port.protocol().isBlank()) {
                throw new SandboxValidationException("protocol must not be blank", prefix + ".protocol");
            }
        }
        return List.copyOf(ports);
    }

    private static void checkPort(int port, String field) {
        if (port < 1 || port > MAX_PORT) {
            throw new SandboxValidationException("port must be between 1 and " + MAX_PORT + ", was " + port, field);
        }
    }

    private static Map<String, VolumeConfig> checkedVolumes(Map<String, VolumeConfig> volumes) {
        if (volumes == null) {
            return null;
        }
        for (Map.Entry<String, VolumeConfig> entry : volumes.entrySet()) {
            if (entry.getKey() == null || entry.getKey().isBlank()) {
                throw new SandboxValidationException("volume names must not be blank", "volumes");
            }
            VolumeConfig volume = entry.getValue();
            if (volume == null
                    || volume.mountPath() == null
                    || !volume.mountPath().startsWith("/")) {
                throw new SandboxValidationException(
                        "mountPath must be an absolute path", "volumes." + entry.getKey() + ".mountPath");
            }
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(volumes));
    }

    /** Fluent builder of a {@link CreateSandboxRequest}; {@link #image(String)} or {@link #template(String)} is required. */
    public static final class Builder extends ContainerSettingsBuilder<Builder> {
        private String image;
        private List<String> entrypoint;
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
                    image,
                    command,
                    entrypoint,
                    environment,
                    resources,
                    ports,
                    volumes,
                    forceBuild,
                    buildContext,
                    publicPreview,
                    snapshot,
                    labels,
                    template,
                    network);
        }
    }
}
