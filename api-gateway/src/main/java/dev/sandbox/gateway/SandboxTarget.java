package dev.sandbox.gateway;

import java.util.Map;

/**
 * Where a sandbox lives: what a node agent needs to find it.
 *
 * @param id the sandbox id of the REST API (the resource name)
 * @param uid the resource UID, from which the node derives its container and volume names
 * @param node the node that runs it
 * @param execEnv environment added to every command (set when the sandbox was claimed from a warm pool); may be null
 */
public record SandboxTarget(String id, String uid, String node, Map<String, String> execEnv) {

    public SandboxTarget(String id, String uid, String node) {
        this(id, uid, node, null);
    }
}
