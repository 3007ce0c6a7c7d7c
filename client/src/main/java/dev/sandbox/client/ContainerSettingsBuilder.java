package dev.sandbox.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings a sandbox request and a template share ({@link ContainerSettings}: image, command, entrypoint,
 * environment, limits, ports, volumes, build context), set the same way on both builders.
 *
 * @param <B> the concrete builder, returned by every setter so calls chain
 */
abstract class ContainerSettingsBuilder<B extends ContainerSettingsBuilder<B>> {
    String image;
    List<String> command;
    List<String> entrypoint;
    Map<String, String> environment;
    ResourceConfig resources;
    List<PortConfig> ports;
    Map<String, VolumeConfig> volumes;
    Map<String, String> buildContext;

    /** This builder as its concrete type. */
    abstract B self();

    /**
     * Sets the command as separate arguments, run without a shell and sent as a JSON list.
     *
     * @param args the arguments such as {@code "sleep", "3600"}
     * @return this builder
     */
    public B command(String... args) {
        this.command = args == null ? null : Arrays.asList(args);
        return self();
    }

    /**
     * Adds one environment variable.
     *
     * @param name variable name
     * @param value variable value
     * @return this builder
     */
    public B environment(String name, String value) {
        if (environment == null) {
            environment = new LinkedHashMap<>();
        }
        environment.put(name, value);
        return self();
    }

    /**
     * Sets the resource limits and clocks.
     *
     * @param resources the limits, or {@code null} for the defaults
     * @return this builder
     */
    public B resources(ResourceConfig resources) {
        this.resources = resources;
        return self();
    }

    /**
     * Adds one port to publish.
     *
     * @param port the port
     * @return this builder
     */
    public B port(PortConfig port) {
        if (ports == null) {
            ports = new ArrayList<>();
        }
        ports.add(port);
        return self();
    }

    /**
     * Mounts a network volume.
     *
     * @param name the network volume's name
     * @param volume where and how to mount it
     * @return this builder
     */
    public B volume(String name, VolumeConfig volume) {
        if (volumes == null) {
            volumes = new LinkedHashMap<>();
        }
        volumes.put(name, volume);
        return self();
    }

    /**
     * Sets the files to build the image from.
     *
     * @param files file path to content, with a {@code Dockerfile}
     * @return this builder
     */
    public B buildContext(Map<String, String> files) {
        this.buildContext = files == null ? null : new LinkedHashMap<>(files);
        return self();
    }

    /**
     * The shared settings as set so far, checked.
     *
     * @throws SandboxValidationException when a field is obviously invalid
     */
    ContainerSettings container() {
        return new ContainerSettings(image, command, entrypoint, environment, resources, ports, volumes, buildContext);
    }
}
