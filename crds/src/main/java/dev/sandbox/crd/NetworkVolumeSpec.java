package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.LinkedHashMap;
import java.util.Map;

/** How a shared volume is stored and where it is mounted by default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkVolumeSpec {

  @JsonPropertyDescription("Docker volume driver. `local` (the default) keeps the data on one node; use the local driver's NFS options for data shared across nodes.")
  private String driver = "local";

  @JsonPropertyDescription("Options passed to the volume driver, e.g. `type: nfs`, `o: addr=10.0.0.1,rw`, `device: :/export`.")
  private Map<String, String> driverOptions = new LinkedHashMap<>();

  @Pattern("^[0-9]+(\\.[0-9]+)?[bkmgBKMG]?$")
  @JsonPropertyDescription("Size such as `1g`. Enforced where the driver supports it; status says when it is not.")
  private String size;

  @Pattern("^/.*")
  @JsonPropertyDescription("Default absolute path at which sandboxes mount this volume.")
  private String mountPath;

  @JsonPropertyDescription("Mount read-only by default.")
  private Boolean readOnly = false;

  public String getDriver() {
    return driver;
  }

  public void setDriver(String driver) {
    this.driver = driver;
  }

  public Map<String, String> getDriverOptions() {
    return driverOptions;
  }

  public void setDriverOptions(Map<String, String> driverOptions) {
    this.driverOptions = driverOptions == null ? new LinkedHashMap<>() : driverOptions;
  }

  public String getSize() {
    return size;
  }

  public void setSize(String size) {
    this.size = size;
  }

  public String getMountPath() {
    return mountPath;
  }

  public void setMountPath(String mountPath) {
    this.mountPath = mountPath;
  }

  public Boolean getReadOnly() {
    return readOnly;
  }

  public void setReadOnly(Boolean readOnly) {
    this.readOnly = readOnly;
  }
}
