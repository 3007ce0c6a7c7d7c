package dev.sandbox.crd;

/** What to do with a sandbox whose lifetime has passed. */
public enum ShutdownPolicy {
    Delete,
    Stop
}
