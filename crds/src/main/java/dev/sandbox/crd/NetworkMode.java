package dev.sandbox.crd;

/**
 * What a sandbox may reach over the network. {@code None}: nothing (no network at all, or with ports a private bridge
 * that serves only the published ports); {@code Egress}: the outside world, never the node, the cluster or other
 * sandboxes.
 */
public enum NetworkMode {
    None,
    Egress
}
