package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** What a snapshot captures. It is taken once; changing the spec afterwards changes nothing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxSnapshotSpec {

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
    @JsonPropertyDescription(
            "Name of the Sandbox in the same namespace to take the snapshot of. It must have a container (running, paused or stopped).")
    private String sandbox;

    @JsonPropertyDescription(
            "Also capture the memory of every process (a checkpoint). Needs CRIU support in the node's kernel and engine; where that is missing (as on the reference machines) a snapshot asking for it fails with reason MemoryUnsupported. Default false: files only.")
    private Boolean memory;

    public String getSandbox() {
        return sandbox;
    }

    public void setSandbox(String sandbox) {
        this.sandbox = sandbox;
    }

    public Boolean getMemory() {
        return memory;
    }

    public void setMemory(Boolean memory) {
        this.memory = memory;
    }
}
