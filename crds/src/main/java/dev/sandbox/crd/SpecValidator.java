package dev.sandbox.crd;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@link SandboxSpec} the way the CRD schema would, and a little more. The gateway turns the errors into 400
 * answers; the operator turns them into a Failed status, since a custom resource may come from kubectl unchecked.
 */
public final class SpecValidator {
  private static final String LABEL = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";

  /** Docker image reference: optional registry host (with a dot, a port, or localhost)/, lowercase path components, optional :tag and @digest. */
  public static final Pattern IMAGE_REFERENCE = Pattern.compile(
      "^(?:(?:localhost|" + SpecValidator.LABEL + "(?:\\." + SpecValidator.LABEL + ")+)(?::[0-9]{1,5})?/|" + SpecValidator.LABEL + ":[0-9]{1,5}/)?"
          + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
          + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$");

  private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.-]*$");
  private static final Pattern SUBDOMAIN = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
  private static final Pattern GPU = Pattern.compile("^(all|[0-9]+|[A-Za-z0-9-]+(,[A-Za-z0-9-]+)*)$");
  private static final Set<String> PROTOCOLS = Set.of("http", "https", "tcp", "udp");

  /** Smallest memory limit Docker accepts. */
  public static final long MIN_MEMORY_BYTES = 6L * 1024 * 1024;

  private SpecValidator() {}

  /** Every problem of the spec, each naming its field; empty when the spec is valid. */
  public static List<FieldError> validate(SandboxSpec spec) {
    List<FieldError> errors = new ArrayList<>();
    if (spec == null) {
      errors.add(new FieldError("spec", "is required"));
      return errors;
    }
    String image = spec.getImage();
    if (spec.getBuildContext() != null) {
      checkBuildContext(spec.getBuildContext(), errors);
    }
    if (image == null || image.isBlank()) {
      if (spec.getBuildContext() == null && spec.getSnapshot() == null) {
        errors.add(new FieldError("image", "is required (or give a buildContext to build one, or a snapshot to start from)"));
      }
    } else if (image.length() > 255 || !IMAGE_REFERENCE.matcher(image).matches()) {
      errors.add(new FieldError("image", "'" + image + "' is not a valid image reference (e.g. python:3.12-slim or registry.example.com/team/app:1.0)"));
    }
    if (spec.getSnapshot() != null && spec.getBuildContext() != null) {
      errors.add(new FieldError("snapshot", "cannot be combined with buildContext: a snapshot brings its own image"));
    }
    if (spec.getSnapshot() != null && !SUBDOMAIN.matcher(spec.getSnapshot()).matches()) {
      errors.add(new FieldError("snapshot", "'" + spec.getSnapshot() + "' is not a valid snapshot name (lowercase letters, digits and '-')"));
    }
    checkCommand("command", spec.getCommand(), errors);
    checkCommand("entrypoint", spec.getEntrypoint(), errors);
    for (Map.Entry<String, String> e : spec.getEnv().entrySet()) {
      if (e.getKey() == null || !ENV_NAME.matcher(e.getKey()).matches()) {
        errors.add(new FieldError("environment." + e.getKey(), "is not a valid environment variable name"));
      } else if (e.getValue() == null) {
        errors.add(new FieldError("environment." + e.getKey(), "must have a value (use an empty string for none)"));
      } else if (e.getValue().indexOf('\0') >= 0) {
        errors.add(new FieldError("environment." + e.getKey(), "must not contain NUL characters"));
      }
    }
    if (spec.getExecEnv() != null) {
      for (Map.Entry<String, String> e : spec.getExecEnv().entrySet()) {
        if (e.getKey() == null || !ENV_NAME.matcher(e.getKey()).matches() || e.getValue() == null || e.getValue().indexOf('\0') >= 0) {
          errors.add(new FieldError("execEnv." + e.getKey(), "must be a valid variable name with a value without NUL characters"));
        }
      }
    }
    SandboxResources r = spec.getResources();
    if (r.getCpu() == null || r.getCpu().isNaN() || r.getCpu() < 0.1 || r.getCpu() > 8.0) {
      errors.add(new FieldError("resources.cpu", "must be between 0.1 and 8.0 cores, got " + r.getCpu()));
    }
    try {
      long bytes = Quantities.parseBytes(r.getMemory());
      if (bytes < MIN_MEMORY_BYTES) {
        errors.add(new FieldError("resources.memory", "must be at least 6m, got " + r.getMemory()));
      }
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("resources.memory", e.getMessage()));
    }
    if (r.getGpu() != null && !GPU.matcher(r.getGpu()).matches()) {
      errors.add(new FieldError("resources.gpu", "must be a count such as 1, 'all', or comma-separated device ids"));
    }
    if (r.getTimeoutSeconds() != null && r.getTimeoutSeconds() < 1) {
      errors.add(new FieldError("resources.timeout", "must be at least 1 second"));
    }
    if (spec.getIdleTimeoutSeconds() != null && spec.getIdleTimeoutSeconds() < 0) {
      errors.add(new FieldError("resources.idleTimeout", "must be 0 (off) or a number of seconds, got " + spec.getIdleTimeoutSeconds()));
    }
    if (r.getMaxRetries() != null && (r.getMaxRetries() < 0 || r.getMaxRetries() > 100)) {
      errors.add(new FieldError("resources.maxRetries", "must be between 0 and 100"));
    }
    if (spec.getStopTimeoutSeconds() != null && (spec.getStopTimeoutSeconds() < 0 || spec.getStopTimeoutSeconds() > 3600)) {
      errors.add(new FieldError("stopTimeoutSeconds", "must be between 0 and 3600"));
    }
    if (spec.getRestartRequest() != null && spec.getRestartRequest() < 0) {
      errors.add(new FieldError("restartRequest", "must not be negative"));
    }
    checkMounts(spec.getMounts(), errors);
    NetworkSpecCheck.check(spec.getNetwork(), errors);
    Set<String> seenInternal = new HashSet<>();
    Set<Integer> seenExternal = new HashSet<>();
    List<SandboxPort> ports = spec.getPorts();
    if (ports.size() > 32) {
      errors.add(new FieldError("ports", "at most 32 ports can be published"));
    }
    for (int i = 0; i < ports.size(); i++) {
      SandboxPort p = ports.get(i);
      String at = "ports[" + i + "]";
      if (p == null) {
        errors.add(new FieldError(at, "must not be null"));
        continue;
      }
      if (p.getInternal() == null || p.getInternal() < 1 || p.getInternal() > 65535) {
        errors.add(new FieldError(at + ".internal", "must be between 1 and 65535, got " + p.getInternal()));
      }
      if (p.getExternal() != null && (p.getExternal() < 1 || p.getExternal() > 65535)) {
        errors.add(new FieldError(at + ".external", "must be between 1 and 65535, got " + p.getExternal()));
      } else if (p.getExternal() != null && !seenExternal.add(p.getExternal())) {
        errors.add(new FieldError(at + ".external", "port " + p.getExternal() + " is published twice"));
      }
      String protocol = p.getProtocol() == null ? "http" : p.getProtocol();
      if (!PROTOCOLS.contains(protocol)) {
        errors.add(new FieldError(at + ".protocol", "must be one of http, https, tcp, udp"));
      }
      if (p.getInternal() != null && !seenInternal.add(p.getInternal() + "/" + ("udp".equals(protocol) ? "udp" : "tcp"))) {
        errors.add(new FieldError(at + ".internal", "port " + p.getInternal() + " is listed twice"));
      }
      if (p.getSubdomain() != null && !SUBDOMAIN.matcher(p.getSubdomain()).matches()) {
        errors.add(new FieldError(at + ".subdomain", "must be a DNS label: lowercase letters, digits and '-', at most 63"));
      }
    }
    return errors;
  }

  /** Paths a volume may not be mounted at (or under): the system's own directories and the workspace. */
  public static final List<String> FORBIDDEN_MOUNT_ROOTS = List.of("/proc", "/sys", "/dev", "/etc", "/bin", "/sbin", "/usr",
      "/lib", "/lib32", "/lib64", "/libx32", "/boot", "/run", "/var/run", "/workspace", "/tmp");

  /** Why a mount path is not allowed, or null when it is. */
  public static String mountPathProblem(String path) {
    if (path == null || !path.startsWith("/")) {
      return "must be an absolute path such as /data";
    }
    if (path.length() > 255 || path.indexOf('\0') >= 0 || path.contains(":") || path.contains(",")) {
      return "must be at most 255 characters without NUL, ':' or ','";
    }
    List<String> parts = List.of(path.split("/"));
    if (parts.contains("..") || parts.contains(".")) {
      return "must not contain '.' or '..' segments";
    }
    String normal = path.replaceAll("/+", "/").replaceAll("/$", "");
    if (normal.isEmpty()) {
      return "must not be / itself";
    }
    for (String root : FORBIDDEN_MOUNT_ROOTS) {
      if (normal.equals(root) || normal.startsWith(root + "/")) {
        return "must not be " + root + " or below it (system or workspace directory)";
      }
    }
    return null;
  }

  private static void checkMounts(List<SandboxMount> mounts, List<FieldError> errors) {
    Set<String> paths = new HashSet<>();
    Set<String> volumes = new HashSet<>();
    for (int i = 0; i < mounts.size(); i++) {
      SandboxMount m = mounts.get(i);
      String at = "mounts[" + i + "]";
      if (m == null) {
        errors.add(new FieldError(at, "must not be null"));
        continue;
      }
      if (m.getVolume() == null || !SUBDOMAIN.matcher(m.getVolume()).matches()) {
        errors.add(new FieldError(at + ".volume", "must name a NetworkVolume (lowercase letters, digits and '-')"));
      } else if (!volumes.add(m.getVolume())) {
        errors.add(new FieldError(at + ".volume", "volume " + m.getVolume() + " is mounted twice"));
      }
      String problem = mountPathProblem(m.getMountPath());
      if (problem != null) {
        errors.add(new FieldError(at + ".mountPath", problem));
      } else if (!paths.add(m.getMountPath().replaceAll("/+$", ""))) {
        errors.add(new FieldError(at + ".mountPath", "two volumes are mounted at " + m.getMountPath()));
      }
    }
  }

  /** Limits that keep a build context well inside what one Kubernetes object may hold. */
  public static final int MAX_BUILD_FILES = 200;

  public static final int MAX_BUILD_BYTES = 512 * 1024;

  private static void checkBuildContext(Map<String, String> files, List<FieldError> errors) {
    if (!files.containsKey("Dockerfile")) {
      errors.add(new FieldError("buildContext", "must contain a file named Dockerfile"));
    }
    if (files.size() > MAX_BUILD_FILES) {
      errors.add(new FieldError("buildContext", "has " + files.size() + " files; at most " + MAX_BUILD_FILES + " are allowed"));
    }
    long bytes = 0;
    for (Map.Entry<String, String> f : files.entrySet()) {
      String path = f.getKey();
      if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0
          || List.of(path.split("/")).contains("..") || path.length() > 255) {
        errors.add(new FieldError("buildContext." + path, "must be a relative path inside the context, without '..'"));
      }
      if (f.getValue() == null) {
        errors.add(new FieldError("buildContext." + path, "must have content (use an empty string for an empty file)"));
      } else {
        bytes += f.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + (path == null ? 0 : path.length());
      }
    }
    if (bytes > MAX_BUILD_BYTES) {
      errors.add(new FieldError("buildContext", "is " + bytes + " bytes; at most " + MAX_BUILD_BYTES + " are allowed"));
    }
  }

  private static void checkCommand(String field, List<String> args, List<FieldError> errors) {
    if (args == null) {
      return;
    }
    if (args.isEmpty()) {
      errors.add(new FieldError(field, "must not be empty; omit it to use the image's default"));
    }
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i) == null) {
        errors.add(new FieldError(field + "[" + i + "]", "must be a string"));
      } else if (args.get(i).indexOf('\0') >= 0) {
        errors.add(new FieldError(field + "[" + i + "]", "must not contain NUL characters"));
      }
    }
  }
}
