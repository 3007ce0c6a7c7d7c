package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the user wants: image, process, environment, limits, ports and whether it should run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxSpec {

  @Required
  @Size(min = 1, max = 255)
  @JsonPropertyDescription("Container image reference, e.g. `python:3.12-slim` or `sandbox-busybox:local`. It must exist on the node or be pullable from a registry the node can reach.")
  private String image;

  @SchemaFrom(type = AnyType.class)
  @JsonDeserialize(using = CommandDeserializer.class)
  @JsonPropertyDescription("Command (arguments) run by the entrypoint; replaces the image's CMD. A single string is run by `/bin/sh -c`.")
  private List<String> command;

  @SchemaFrom(type = AnyType.class)
  @JsonDeserialize(using = CommandDeserializer.class)
  @JsonPropertyDescription("Entrypoint executable and its first arguments; replaces the image's ENTRYPOINT. A single string is run by `/bin/sh -c`.")
  private List<String> entrypoint;

  @JsonPropertyDescription("Environment variables set in the sandbox, by name.")
  private Map<String, String> env = new LinkedHashMap<>();

  @JsonPropertyDescription("Resource limits; defaults apply to every omitted field.")
  private SandboxResources resources = new SandboxResources();

  @JsonPropertyDescription("Ports of the sandbox to publish on its node. Without ports the sandbox has no network at all.")
  private List<SandboxPort> ports = new ArrayList<>();

  @JsonPropertyDescription("Desired state: `Running` (the default) or `Stopped`. Stopping keeps the workspace volume.")
  private DesiredState desiredState = DesiredState.Running;

  @Min(0)
  @JsonPropertyDescription("Seconds without activity (exec, file or SDK calls on it) after which the sandbox is stopped; a stopped idle sandbox is deleted after a further period set on the operator. 0 turns this off; omit it for the cluster default.")
  private Long idleTimeoutSeconds;

  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("Node that runs this sandbox. Set by the scheduler; set it yourself only to pin a sandbox to a node.")
  private String nodeName;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public List<String> getCommand() {
    return command;
  }

  public void setCommand(List<String> command) {
    this.command = command;
  }

  public List<String> getEntrypoint() {
    return entrypoint;
  }

  public void setEntrypoint(List<String> entrypoint) {
    this.entrypoint = entrypoint;
  }

  public Map<String, String> getEnv() {
    return env;
  }

  public void setEnv(Map<String, String> env) {
    this.env = env == null ? new LinkedHashMap<>() : env;
  }

  public SandboxResources getResources() {
    return resources;
  }

  public void setResources(SandboxResources resources) {
    this.resources = resources == null ? new SandboxResources() : resources;
  }

  public List<SandboxPort> getPorts() {
    return ports;
  }

  public void setPorts(List<SandboxPort> ports) {
    this.ports = ports == null ? new ArrayList<>() : ports;
  }

  public DesiredState getDesiredState() {
    return desiredState;
  }

  public void setDesiredState(DesiredState desiredState) {
    this.desiredState = desiredState == null ? DesiredState.Running : desiredState;
  }

  public Long getIdleTimeoutSeconds() {
    return idleTimeoutSeconds;
  }

  public void setIdleTimeoutSeconds(Long idleTimeoutSeconds) {
    this.idleTimeoutSeconds = idleTimeoutSeconds;
  }

  public String getNodeName() {
    return nodeName;
  }

  public void setNodeName(String nodeName) {
    this.nodeName = nodeName;
  }
}
