package dev.sandbox.operator.runtime;

import java.util.List;
import java.util.Map;

/** Per-sandbox networks on a node. */
public interface Networks {
    /**
     * Creates a bridge network for one sandbox (no traffic between its containers and others) unless it exists.
     *
     * @param subnets the subnets to give it, tried in order until the engine takes one (refused ones are in use); empty
     *     to let the engine choose
     */
    void ensureNetwork(String name, Map<String, String> labels, List<String> subnets);

    /** Removes the network; no error when it does not exist. */
    void removeNetwork(String name);

    /** Networks carrying all the given labels, with their labels. */
    List<LabelledObject> listNetworks(Map<String, String> labels);
}
