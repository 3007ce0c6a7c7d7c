package dev.sandbox.operator.runtime;

import java.util.Map;

/** A Docker event about a container this project manages: {@code action} is start, die, oom, destroy, ... */
public record ContainerEvent(String containerId, String action, Map<String, String> labels) {}
