package dev.sandbox.gateway;

/**
 * Where a sandbox lives: what a node agent needs to find it.
 *
 * @param id the sandbox id of the REST API (the resource name)
 * @param uid the resource UID, from which the node derives its container and volume names
 * @param node the node that runs it
 */
public record SandboxTarget(String id, String uid, String node) {}
