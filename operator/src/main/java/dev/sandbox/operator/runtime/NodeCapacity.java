package dev.sandbox.operator.runtime;

/** What a node offers to sandboxes: CPU cores and memory in bytes. */
public record NodeCapacity(double cpu, long memoryBytes) {}
