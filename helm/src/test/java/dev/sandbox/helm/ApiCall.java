package dev.sandbox.helm;

/**
 * One Kubernetes API request in RBAC terms.
 *
 * @param verb get, list, watch, create, update, patch, delete or deletecollection
 * @param group API group ("" for the core group)
 * @param resource plural resource, with "/subresource" for a subresource (e.g. {@code sandboxes/status})
 * @param namespace the request's namespace, or null for a cluster-wide request
 */
record ApiCall(String verb, String group, String resource, String namespace) {
    @Override
    public String toString() {
        return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource + " in "
                + (namespace == null ? "all namespaces" : namespace);
    }
}
