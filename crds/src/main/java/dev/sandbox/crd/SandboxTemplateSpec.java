package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/**
 * What sandboxes made from a template get. Every field means what the field of the same name in a Sandbox's spec
 * means; {@code overridable} says which of them a sandbox may set differently.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxTemplateSpec extends SandboxBlueprint {

    @JsonPropertyDescription(
            "Fields a sandbox made from this template may set differently, by their REST names: `image` (also `buildContext`), `command`, `entrypoint`, `environment`, `resources.cpu`, `resources.memory`, `resources.gpu`, `resources.timeout`, `resources.maxRetries`, `resources.idleTimeout`, `ports`, `mounts`, `shutdownPolicy`, `stopTimeoutSeconds`. Omitted: `environment`, `resources.cpu`, `resources.memory`, `resources.timeout` and `resources.idleTimeout`. An empty list allows nothing.")
    private List<String> overridable;

    public List<String> getOverridable() {
        return overridable;
    }

    public void setOverridable(List<String> overridable) {
        this.overridable = overridable;
    }

    // The shared fields, described for a template.

    @Override
    @JsonPropertyDescription(
            "Container image reference, e.g. `python:3.12-slim`. Required unless `buildContext` is given.")
    public String getImage() {
        return super.getImage();
    }

    @Override
    @JsonPropertyDescription(
            "Files to build the image from on the node, by path (must contain `Dockerfile`); `image` is then optional.")
    public Map<String, String> getBuildContext() {
        return super.getBuildContext();
    }

    @Override
    @JsonPropertyDescription(
            "Command (arguments) run by the entrypoint; a single string is run by `/bin/sh -c`. Omit for the image's CMD.")
    public List<String> getCommand() {
        return super.getCommand();
    }

    @Override
    @JsonPropertyDescription(
            "Entrypoint executable and its first arguments; a single string is run by `/bin/sh -c`. Omit for the image's ENTRYPOINT.")
    public List<String> getEntrypoint() {
        return super.getEntrypoint();
    }

    @Override
    @JsonPropertyDescription(
            "Environment variables of every sandbox made from the template. A sandbox's own variables are added (same name: the sandbox's wins) when `environment` is overridable.")
    public Map<String, String> getEnv() {
        return super.getEnv();
    }

    @Override
    @JsonPropertyDescription("CPU, memory, GPU, lifetime (`timeoutSeconds`) and retry limits of the sandboxes.")
    public SandboxResources getResources() {
        return super.getResources();
    }

    @Override
    @JsonPropertyDescription("Ports to publish, as in a Sandbox.")
    public List<SandboxPort> getPorts() {
        return super.getPorts();
    }

    @Override
    @JsonPropertyDescription("NetworkVolumes mounted into every sandbox made from the template.")
    public List<SandboxMount> getMounts() {
        return super.getMounts();
    }

    @Override
    @JsonPropertyDescription("Default idle timeout in seconds (0: never); omit for the cluster default.")
    public Long getIdleTimeoutSeconds() {
        return super.getIdleTimeoutSeconds();
    }

    @Override
    @JsonPropertyDescription(
            "Seconds between SIGTERM and SIGKILL when a sandbox is stopped; omit for the operator setting.")
    public Integer getStopTimeoutSeconds() {
        return super.getStopTimeoutSeconds();
    }

    @Override
    @JsonPropertyDescription("What happens when the lifetime has passed: `Delete` (default) or `Stop`.")
    public ShutdownPolicy getShutdownPolicy() {
        return super.getShutdownPolicy();
    }

    @Override
    @JsonPropertyDescription(
            "Name of a SandboxSnapshot in the template's namespace that every sandbox made from the template starts from: its image (unless `image` is given) and a copy of its workspace. Such sandboxes run on the snapshot's node. A sandbox that overrides `image` starts from the image instead.")
    public String getSnapshot() {
        return super.getSnapshot();
    }
}
