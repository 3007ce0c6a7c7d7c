package dev.sandbox.operator.runtime;

import java.util.Map;

/**
 * A volume as the engine reports it.
 *
 * @param name volume name
 * @param mountpoint where its data lives on the node, e.g. {@code /var/lib/docker/volumes/<name>/_data}
 * @param labels its labels
 */
public record VolumeInfo(String name, String mountpoint, Map<String, String> labels) {}
