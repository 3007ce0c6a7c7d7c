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
    public static final Pattern IMAGE_REFERENCE = Pattern.compile("^(?:(?:localhost|" + SpecValidator.LABEL + "(?:\\."
            + SpecValidator.LABEL + ")+)(?::[0-9]{1,5})?/|" + SpecValidator.LABEL + ":[0-9]{1,5}/)?"
            + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
            + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$");

    /** An environment variable name (at most {@link #MAX_ENV_NAME_CHARS} long); the node agent applies the same rule. */
    public static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.-]*$");

    private static final Pattern SUBDOMAIN = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
    private static final Pattern GPU = Pattern.compile("^(all|[0-9]+|[A-Za-z0-9-]+(,[A-Za-z0-9-]+)*)$");
    private static final Set<String> PROTOCOLS = Set.of("http", "https", "tcp", "udp");

    /** Smallest memory limit Docker accepts. */
    public static final long MIN_MEMORY_BYTES = 6L * 1024 * 1024;
    /** Largest memory limit of one sandbox (256 GiB). */
    public static final long MAX_MEMORY_BYTES = 256L * 1024 * 1024 * 1024;
    /** Longest lifetime or idle timeout: 365 days, far from any overflow when added to a time. */
    public static final long MAX_TIMEOUT_SECONDS = 365L * 24 * 3600;
    /** Arguments of {@code command} or {@code entrypoint}. */
    public static final int MAX_ARGUMENTS = 4096;
    /** Characters of {@code command} and {@code entrypoint} together (Linux refuses much more than this at exec). */
    public static final int MAX_COMMAND_CHARS = 256 * 1024;
    /** Environment variables of one sandbox. */
    public static final int MAX_ENV_ENTRIES = 1024;
    /** Characters of one environment variable's name. */
    public static final int MAX_ENV_NAME_CHARS = 256;
    /** Characters of all environment names and values together. */
    public static final int MAX_ENV_CHARS = 256 * 1024;
    /** Network volumes mounted into one sandbox. */
    public static final int MAX_MOUNTS = 32;
    /** Published ports of one sandbox. */
    public static final int MAX_PORTS = 32;
    /** Restart requests are counted up by one each time; the count stays far from int overflow. */
    public static final int MAX_RESTART_REQUEST = 1_000_000_000;
    /** A preview subdomain that looks like a {port}-{id} host label would never be reached by its name. */
    private static final Pattern PORT_HOST_LABEL = Pattern.compile("^[0-9]{1,5}-.*$");

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
                errors.add(new FieldError(
                        "image", "is required (or give a buildContext to build one, or a snapshot to start from)"));
            }
        } else if (image.length() > 255 || !IMAGE_REFERENCE.matcher(image).matches()) {
            errors.add(
                    new FieldError(
                            "image",
                            "'" + shortened(image)
                                    + "' is not a valid image reference (e.g. python:3.12-slim or registry.example.com/team/app:1.0)"));
        }
        if (spec.getSnapshot() != null && spec.getBuildContext() != null) {
            errors.add(new FieldError(
                    "snapshot", "cannot be combined with buildContext: a snapshot brings its own image"));
        }
        if (spec.getSnapshot() != null && !SUBDOMAIN.matcher(spec.getSnapshot()).matches()) {
            errors.add(new FieldError(
                    "snapshot",
                    "'" + shortened(spec.getSnapshot())
                            + "' is not a valid snapshot name (lowercase letters, digits and '-')"));
        }
        long commandChars = checkCommand("command", spec.getCommand(), errors)
                + checkCommand("entrypoint", spec.getEntrypoint(), errors);
        if (commandChars > MAX_COMMAND_CHARS) {
            errors.add(new FieldError(
                    spec.getCommand() != null ? "command" : "entrypoint",
                    "has " + commandChars + " characters with the entrypoint; at most " + MAX_COMMAND_CHARS
                            + " are allowed"));
        }
        checkEnvironment(spec.getEnv(), errors);
        if (spec.getExecEnv() != null && spec.getExecEnv().size() > MAX_ENV_ENTRIES) {
            errors.add(new FieldError(
                    "execEnv",
                    "has " + spec.getExecEnv().size() + " variables; at most " + MAX_ENV_ENTRIES + " are allowed"));
        } else if (spec.getExecEnv() != null) {
            long execChars = 0;
            for (Map.Entry<String, String> e : spec.getExecEnv().entrySet()) {
                execChars += (e.getKey() == null ? 0 : e.getKey().length())
                        + (e.getValue() == null ? 0 : e.getValue().length());
                if (e.getKey() == null
                        || e.getKey().length() > MAX_ENV_NAME_CHARS
                        || !ENV_NAME.matcher(e.getKey()).matches()
                        || e.getValue() == null
                        || e.getValue().indexOf('\0') >= 0) {
                    errors.add(new FieldError(
                            "execEnv." + shortened(e.getKey()),
                            "must be a valid variable name with a value without NUL characters"));
                }
            }
            if (execChars > MAX_ENV_CHARS) {
                errors.add(new FieldError(
                        "execEnv",
                        "has " + execChars + " characters in names and values; at most " + MAX_ENV_CHARS
                                + " are allowed"));
            }
        }
        checkResources(spec, errors);
        checkMounts(spec.getMounts(), errors);
        checkPorts(spec.getPorts(), errors);
        NetworkSpecCheck.check(spec.getNetwork(), errors);
        return errors;
    }

    /** Names, values and sizes of environment variables; a name is quoted only up to 64 characters. */
    public static void checkEnvironment(Map<String, String> env, List<FieldError> errors) {
        if (env == null) {
            return;
        }
        if (env.size() > MAX_ENV_ENTRIES) {
            errors.add(new FieldError(
                    "environment", "has " + env.size() + " variables; at most " + MAX_ENV_ENTRIES + " are allowed"));
            return;
        }
        long chars = 0;
        for (Map.Entry<String, String> e : env.entrySet()) {
            chars += (e.getKey() == null ? 0 : e.getKey().length())
                    + (e.getValue() == null ? 0 : e.getValue().length());
            if (e.getKey() == null
                    || e.getKey().length() > MAX_ENV_NAME_CHARS
                    || !ENV_NAME.matcher(e.getKey()).matches()) {
                errors.add(new FieldError(
                        "environment." + shortened(e.getKey()),
                        "is not a valid environment variable name (letters, digits, '_', '.',"
                                + " '-', not starting with a digit, at most " + MAX_ENV_NAME_CHARS + " characters)"));
            } else if (e.getValue() == null) {
                errors.add(new FieldError(
                        "environment." + e.getKey(), "must have a value (use an empty string for none)"));
            } else if (e.getValue().indexOf('\0') >= 0) {
                errors.add(new FieldError("environment." + e.getKey(), "must not contain NUL characters"));
            }
        }
        if (chars > MAX_ENV_CHARS) {
            errors.add(new FieldError(
                    "environment",
                    "has " + chars + " characters in names and values; at most " + MAX_ENV_CHARS + " are allowed"));
        }
    }

    /**
     * The field of the {@code Sandbox} resource that a REST field name (as errors name them) stands for, such as
     * {@code spec.resources.timeoutSeconds} for {@code resources.timeout}: what a kubectl user sees in the status.
     */
    public static String crdField(String restField) {
        if (restField == null) {
            return "spec";
        }
        String field = restField;
        if (field.equals("resources.idleTimeout")) {
            field = "idleTimeoutSeconds";
        } else if (field.equals("resources.timeout")) {
            field = "resources.timeoutSeconds";
        } else if (field.equals("environment") || field.startsWith("environment.")) {
            field = "env" + field.substring("environment".length());
        }
        return "spec." + field;
    }

    /** A caller's text cut short for an error message. */
    static String shortened(String text) {
        return text == null || text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    private static void checkResources(SandboxSpec spec, List<FieldError> errors) {
        SandboxResources r = spec.getResources();
        if (r == null) {
            errors.add(new FieldError("resources", "is required"));
            return;
        }
        if (r.getCpu() == null || r.getCpu().isNaN() || r.getCpu() < 0.1 || r.getCpu() > 8.0) {
            errors.add(new FieldError("resources.cpu", "must be between 0.1 and 8.0 cores, got " + r.getCpu()));
        }
        try {
            long bytes =
                    Quantities.parseBytes(r.getMemory() != null && r.getMemory().length() > 32 ? "x" : r.getMemory());
            if (bytes < MIN_MEMORY_BYTES || bytes > MAX_MEMORY_BYTES) {
                errors.add(new FieldError("resources.memory", "must be from 6m to 256g, got " + r.getMemory()));
            }
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(
                    "resources.memory",
                    "must be a size from 6m to 256g such as 512m or 1g, got " + shortened(r.getMemory())));
        }
        diskProblem(r.getDisk(), Long.MAX_VALUE).ifPresent(errors::add);
        if (r.getGpu() != null
                && (r.getGpu().length() > 256 || !GPU.matcher(r.getGpu()).matches())) {
            errors.add(
                    new FieldError("resources.gpu", "must be a count such as 1, 'all', or comma-separated device ids"));
        }
        if (r.getTimeoutSeconds() != null
                && (r.getTimeoutSeconds() < 1 || r.getTimeoutSeconds() > MAX_TIMEOUT_SECONDS)) {
            errors.add(new FieldError(
                    "resources.timeout",
                    "must be from 1 to " + MAX_TIMEOUT_SECONDS + " seconds (365 days), got " + r.getTimeoutSeconds()));
        }
        if (spec.getIdleTimeoutSeconds() != null
                && (spec.getIdleTimeoutSeconds() < 0 || spec.getIdleTimeoutSeconds() > MAX_TIMEOUT_SECONDS)) {
            errors.add(new FieldError(
                    "resources.idleTimeout",
                    "must be 0 (off) or a number of seconds up to " + MAX_TIMEOUT_SECONDS + ", got "
                            + spec.getIdleTimeoutSeconds()));
        }
        if (r.getMaxRetries() != null && (r.getMaxRetries() < 0 || r.getMaxRetries() > 100)) {
            errors.add(new FieldError("resources.maxRetries", "must be between 0 and 100"));
        }
        if (spec.getStopTimeoutSeconds() != null
                && (spec.getStopTimeoutSeconds() < 0 || spec.getStopTimeoutSeconds() > 3600)) {
            errors.add(new FieldError("stopTimeoutSeconds", "must be between 0 and 3600"));
        }
        if (spec.getRestartRequest() != null
                && (spec.getRestartRequest() < 0 || spec.getRestartRequest() > MAX_RESTART_REQUEST)) {
            errors.add(new FieldError("restartRequest", "must be from 0 to " + MAX_RESTART_REQUEST));
        }
    }

    private static void checkPorts(List<SandboxPort> ports, List<FieldError> errors) {
        if (ports == null) {
            return;
        }
        Set<String> seenInternal = new HashSet<>();
        Set<Integer> seenExternal = new HashSet<>();
        Set<String> seenSubdomains = new HashSet<>();
        if (ports.size() > MAX_PORTS) {
            errors.add(new FieldError("ports", "at most " + MAX_PORTS + " ports can be published"));
            return;
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
            if (p.getInternal() != null
                    && !seenInternal.add(p.getInternal() + "/" + ("udp".equals(protocol) ? "udp" : "tcp"))) {
                errors.add(new FieldError(at + ".internal", "port " + p.getInternal() + " is listed twice"));
            }
            if (p.getSubdomain() != null
                    && (!SUBDOMAIN.matcher(p.getSubdomain()).matches()
                            || PORT_HOST_LABEL.matcher(p.getSubdomain()).matches())) {
                errors.add(new FieldError(
                        at + ".subdomain",
                        "must be a DNS label (lowercase letters, digits and '-', at most 63) that does not"
                                + " start with digits and '-' (that form is {port}-{id})"));
            } else if (p.getSubdomain() != null && !seenSubdomains.add(p.getSubdomain())) {
                errors.add(
                        new FieldError(at + ".subdomain", "subdomain " + p.getSubdomain() + " is used by two ports"));
            }
        }
    }

    /** Smallest workspace file system: ext4 keeps a few megabytes for itself. */
    public static final long MIN_DISK_BYTES = 16L * 1024 * 1024;

    /**
     * What is wrong with a {@code resources.disk} value given the cluster's maximum, if anything. Null means the default.
     * The gateway and the operator call it with their configured maximum; {@link #validate} without one.
     */
    public static java.util.Optional<FieldError> diskProblem(String disk, long maxBytes) {
        if (disk == null) {
            return java.util.Optional.empty();
        }
        try {
            long bytes = Quantities.parseBytes(disk);
            if (bytes < MIN_DISK_BYTES) {
                return java.util.Optional.of(new FieldError("resources.disk", "must be at least 16m, got " + disk));
            }
            if (bytes > maxBytes) {
                return java.util.Optional.of(new FieldError(
                        "resources.disk",
                        "must be at most " + VolumeClassRules.human(maxBytes) + " (the cluster's maximum), got "
                                + disk));
            }
            return java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.of(new FieldError("resources.disk", e.getMessage()));
        }
    }

    /** Paths a volume may not be mounted at (or under): the system's own directories and the workspace. */
    public static final List<String> FORBIDDEN_MOUNT_ROOTS = List.of(
            "/proc",
            "/sys",
            "/dev",
            "/etc",
            "/bin",
            "/sbin",
            "/usr",
            "/lib",
            "/lib32",
            "/lib64",
            "/libx32",
            "/boot",
            "/run",
            "/var/run",
            "/workspace",
            "/tmp");

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
        if (mounts == null) {
            return;
        }
        if (mounts.size() > MAX_MOUNTS) {
            errors.add(new FieldError("mounts", "at most " + MAX_MOUNTS + " network volumes can be mounted"));
            return;
        }
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
                errors.add(new FieldError(
                        at + ".volume", "must name a NetworkVolume (lowercase letters, digits and '-')"));
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
            errors.add(new FieldError(
                    "buildContext", "has " + files.size() + " files; at most " + MAX_BUILD_FILES + " are allowed"));
        }
        long bytes = 0;
        for (Map.Entry<String, String> f : files.entrySet()) {
            String path = f.getKey();
            if (path == null
                    || path.isEmpty()
                    || path.startsWith("/")
                    || path.contains("\\")
                    || path.indexOf('\0') >= 0
                    || List.of(path.split("/")).contains("..")
                    || path.length() > 255) {
                errors.add(new FieldError(
                        "buildContext." + shortened(path),
                        "must be a relative path inside the context, without '..', at most 255 characters"));
            }
            if (f.getValue() == null) {
                errors.add(new FieldError(
                        "buildContext." + shortened(path),
                        "must have content (use an empty string for an empty file)"));
            } else {
                bytes += f.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                        + (path == null ? 0 : path.length());
            }
        }
        if (bytes > MAX_BUILD_BYTES) {
            errors.add(new FieldError(
                    "buildContext", "is " + bytes + " bytes; at most " + MAX_BUILD_BYTES + " are allowed"));
        }
    }

    /** Checks an argument list and returns its characters (0 when absent). */
    public static long checkCommand(String field, List<String> args, List<FieldError> errors) {
        if (args == null) {
            return 0;
        }
        if (args.isEmpty()) {
            errors.add(new FieldError(field, "must not be empty; omit it to use the image's default"));
        }
        if (args.size() > MAX_ARGUMENTS) {
            errors.add(new FieldError(
                    field, "has " + args.size() + " arguments; at most " + MAX_ARGUMENTS + " are allowed"));
            return 0;
        }
        long chars = 0;
        for (int i = 0; i < args.size(); i++) {
            chars += args.get(i) == null ? 0 : args.get(i).length();
            if (args.get(i) == null) {
                errors.add(new FieldError(field + "[" + i + "]", "must be a string"));
            } else if (args.get(i).indexOf('\0') >= 0) {
                errors.add(new FieldError(field + "[" + i + "]", "must not contain NUL characters"));
            }
        }
        return chars;
    }
}
