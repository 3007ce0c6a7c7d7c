package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/** What the user wants: image, process, environment, limits, ports and whether it should run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxSpec extends SandboxBlueprint {

    @JsonPropertyDescription(
            "Outbound network access: mode `None` or `Egress`, with optional allow and deny lists of IPv4 CIDRs. The node, the cluster and other sandboxes are never reachable.")
    private SandboxNetwork network;

    @JsonPropertyDescription(
            "Desired state: `Running` (the default), `Paused` (processes frozen with their memory kept, no CPU used) or `Stopped` (the workspace volume is kept, memory is not).")
    private DesiredState desiredState = DesiredState.Running;

    @JsonPropertyDescription(
            "What happens when the idle timeout passes: `Stop` or `Pause` (memory kept). Omit it for the cluster default (operator setting SANDBOX_IDLE_ACTION, `Stop` unless set).")
    private IdleAction idleAction;

    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @JsonPropertyDescription(
            "Node that runs this sandbox. Set by the scheduler; set it yourself only to pin a sandbox to a node.")
    private String nodeName;

    @Min(0)
    @Max(1000000000)
    @JsonPropertyDescription(
            "Raise this number to ask for a restart: the operator restarts the container once for each new value (stop with the grace period, then start). Safe to retry.")
    private Integer restartRequest = 0;

    @JsonPropertyDescription(
            "Build the image from `buildContext` again even when an image for the same context exists.")
    private Boolean forceBuild;

    @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
    @JsonPropertyDescription(
            "Name of a SandboxTemplate in the sandbox's namespace to start from. Its fields fill in what this spec leaves out; fields the template does not allow to override make the sandbox Failed with reason InvalidSpec. Once merged (annotation `sandbox.dev/template-resolved`) the spec holds the effective values and later template changes do not touch the sandbox.")
    private String templateRef;

    @JsonPropertyDescription(
            "Environment added to every command run in the sandbox (exec, processes, terminals) without recreating its container; set when a sandbox is claimed from a warm pool with an environment. Changing `env` folds these in.")
    private Map<String, String> execEnv;

    public SandboxSpec() {
        // A Sandbox without a shutdown policy is deleted at the end of its lifetime; a template leaves it open.
        setShutdownPolicy(ShutdownPolicy.Delete);
    }

    // Limits a Sandbox has and a template does not: a sandbox's own values are checked here, a template's once merged.

    @Override
    @Size(max = 1024)
    public Map<String, String> getEnv() {
        return super.getEnv();
    }

    @Override
    @Size(max = 32)
    public List<SandboxPort> getPorts() {
        return super.getPorts();
    }

    @Override
    @Size(max = 32)
    public List<SandboxMount> getMounts() {
        return super.getMounts();
    }

    @Override
    @Max(31536000)
    public Long getIdleTimeoutSeconds() {
        return super.getIdleTimeoutSeconds();
    }

    public SandboxNetwork getNetwork() {
        return network;
    }

    public void setNetwork(SandboxNetwork network) {
        this.network = network;
    }

    public DesiredState getDesiredState() {
        return desiredState;
    }

    public void setDesiredState(DesiredState desiredState) {
        this.desiredState = desiredState == null ? DesiredState.Running : desiredState;
    }

    public IdleAction getIdleAction() {
        return idleAction;
    }

    public void setIdleAction(IdleAction idleAction) {
        this.idleAction = idleAction;
    }

    public String getNodeName() {
        return nodeName;
    }

    public void setNodeName(String nodeName) {
        this.nodeName = nodeName;
    }

    public Integer getRestartRequest() {
        return restartRequest;
    }

    public void setRestartRequest(Integer restartRequest) {
        this.restartRequest = restartRequest;
    }

    public Boolean getForceBuild() {
        return forceBuild;
    }

    public void setForceBuild(Boolean forceBuild) {
        this.forceBuild = forceBuild;
    }

    public String getTemplateRef() {
        return templateRef;
    }

    public void setTemplateRef(String templateRef) {
        this.templateRef = templateRef;
    }

    public Map<String, String> getExecEnv() {
        return execEnv;
    }

    public void setExecEnv(Map<String, String> execEnv) {
        this.execEnv = execEnv;
    }
}
