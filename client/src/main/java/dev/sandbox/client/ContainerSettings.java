package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a container is made of: the fields a {@link CreateSandboxRequest} and a {@link TemplateRequest} share, with the
 * same names, meanings and checks in both. In JSON they stand flat in the request body (the requests unwrap them), so
 * {@code request.container().image()} is the body's {@code image}.
 *
 * <p>Commands: a command given as one string is run by {@code /bin/sh -c}, so {@code command("sleep 3600")} is held
 * as {@code ["/bin/sh", "-c", "sleep 3600"]} (as the gateway reports it back in {@link SandboxInfo#command()}) and
 * is sent as the string {@code "sleep 3600"}. A list is run as is, without a shell.
 *
 * @param image container image reference such as {@code python:3.12-slim}, or {@code null} where the request may leave
 *     it out (a sandbox from a snapshot or template, a template with a {@code buildContext})
 * @param command arguments run by the entrypoint, replacing the image's CMD; {@code null} for the image's default
 * @param entrypoint entrypoint executable and its first arguments, replacing the image's ENTRYPOINT; {@code null} for
 *     the image's default
 * @param environment environment variables by name, or {@code null}
 * @param resources CPU, memory and other limits, or {@code null} for the defaults
 * @param ports ports to publish, or {@code null}; without ports a sandbox has no network
 * @param volumes network volumes to mount, keyed by volume name, or {@code null}
 * @param buildContext files to build the image from (path to content, with a {@code Dockerfile}), or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerSettings(
        String image,

        @JsonSerialize(using = SandboxJson.CommandSerializer.class)
        List<String> command,

        @JsonSerialize(using = SandboxJson.CommandSerializer.class)
        List<String> entrypoint,

        Map<String, String> environment,
        ResourceConfig resources,
        List<PortConfig> ports,
        Map<String, VolumeConfig> volumes,
        Map<String, String> buildContext) {

    private static final double MIN_CPU = 0.1;
    private static final double MAX_CPU = 8.0;
    private static final int MAX_PORT = 65535;

    /**
     * Checks the settings and makes them immutable; the builders of the requests make them.
     *
     * @param image container image reference, or {@code null}
     * @param command command arguments, or {@code null}
     * @param entrypoint entrypoint arguments, or {@code null}
     * @param environment environment variables, or {@code null}
     * @param resources resource limits, or {@code null}
     * @param ports ports to publish, or {@code null}
     * @param volumes volume mounts by volume name, or {@code null}
     * @param buildContext files to build the image from, or {@code null}
     * @throws SandboxValidationException when a field is obviously invalid; {@link SandboxValidationException#field()}
     *     names it by its name in the request body
     */
    public ContainerSettings {
        command = checkedCommand(command, "command");
        entrypoint = checkedCommand(entrypoint, "entrypoint");
        environment = checkedStrings(environment, "environment");
        buildContext = checkedStrings(buildContext, "buildContext");
        checkResources(resources);
        ports = checkedPorts(ports);
        volumes = checkedVolumes(volumes);
    }

    /**
     * Whether an image is named (not {@code null}, not blank).
     *
     * @return {@code true} with an image
     */
    public boolean hasImage() {
        return image != null && !image.isBlank();
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

    /** A map of names to strings (environment, labels, files) with no blank name and no null value, copied. */
    static Map<String, String> checkedStrings(Map<String, String> values, String field) {
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
}
