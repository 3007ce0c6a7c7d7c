package dev.sandbox.operator.runtime;

import java.util.Map;

/**
 * A Docker volume or network as listed: its name and labels.
 *
 * @param name the volume or network name
 * @param labels its labels
 */
public record LabelledObject(String name, Map<String, String> labels) {}
