package dev.sandbox.crd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a {@link SandboxSpec} the way the CRD schema would, and a little more. The gateway turns the errors into 400
 * answers naming the REST request's fields; the operator turns them into a Failed status naming the resource's fields,
 * since a custom resource may come from kubectl unchecked ({@link FieldNames}). Limits, resources, ports, mounts and
 * build contexts are checked by classes of their own beside this one.
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

    /** A DNS label: snapshot names, volume names, preview subdomains. */
    static final Pattern SUBDOMAIN = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

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
    /** Smallest workspace file system: ext4 keeps a few megabytes for itself. */
    public static final long MIN_DISK_BYTES = 16L * 1024 * 1024;

    private SpecValidator() {}

    /** Every problem of the spec, each naming its REST field; empty when the spec is valid. */
    public static List<FieldError> validate(SandboxSpec spec) {
        return validate(spec, FieldNames.REST);
    }

    /** Every problem of the spec, each naming its field the way {@code names} says; empty when the spec is valid. */
    public static List<FieldError> validate(SandboxSpec spec, FieldNames names) {
        List<FieldError> errors = new ArrayList<>();
        if (spec == null) {
            errors.add(new FieldError("spec", "is required"));
            return errors;
        }
        if (spec.getBuildContext() != null) {
            BuildContextChecks.check(spec.getBuildContext(), names, errors);
        }
        checkImage(spec, names, errors);
        long commandChars = checkCommand(names.same("command"), spec.getCommand(), errors)
                + checkCommand(names.same("entrypoint"), spec.getEntrypoint(), errors);
        if (commandChars > MAX_COMMAND_CHARS) {
            errors.add(new FieldError(
                    names.same(spec.getCommand() != null ? "command" : "entrypoint"),
                    "has " + commandChars + " characters with the entrypoint; at most " + MAX_COMMAND_CHARS
                            + " are allowed"));
        }
        checkEnvironment(spec.getEnv(), names, errors);
        checkExecEnvironment(spec.getExecEnv(), names, errors);
        ResourceChecks.check(spec, names, errors);
        MountChecks.check(spec.getMounts(), names, errors);
        PortChecks.check(spec.getPorts(), names, errors);
        NetworkSpecCheck.check(spec.getNetwork(), names, errors);
        return errors;
    }

    private static void checkImage(SandboxSpec spec, FieldNames names, List<FieldError> errors) {
        String image = spec.getImage();
        if (image == null || image.isBlank()) {
            if (spec.getBuildContext() == null && spec.getSnapshot() == null) {
                errors.add(new FieldError(
                        names.same("image"),
                        "is required (or give a buildContext to build one, or a snapshot to start from)"));
            }
        } else if (image.length() > 255 || !IMAGE_REFERENCE.matcher(image).matches()) {
            errors.add(
                    new FieldError(
                            names.same("image"),
                            "'" + shortened(image)
                                    + "' is not a valid image reference (e.g. python:3.12-slim or registry.example.com/team/app:1.0)"));
        }
        if (spec.getSnapshot() != null && spec.getBuildContext() != null) {
            errors.add(new FieldError(
                    names.same("snapshot"), "cannot be combined with buildContext: a snapshot brings its own image"));
        }
        if (spec.getSnapshot() != null && !SUBDOMAIN.matcher(spec.getSnapshot()).matches()) {
            errors.add(new FieldError(
                    names.same("snapshot"),
                    "'" + shortened(spec.getSnapshot())
                            + "' is not a valid snapshot name (lowercase letters, digits and '-')"));
        }
    }

    /** Names, values and sizes of environment variables, named as the REST API's {@code environment}. */
    public static void checkEnvironment(Map<String, String> env, List<FieldError> errors) {
        checkEnvironment(env, FieldNames.REST, errors);
    }

    /** Names, values and sizes of environment variables; a name is quoted only up to 64 characters. */
    public static void checkEnvironment(Map<String, String> env, FieldNames names, List<FieldError> errors) {
        String field = names.environment();
        checkVariables(env, field, errors, e -> {
            if (!validName(e.getKey())) {
                return Optional.of(new FieldError(
                        field + "." + shortened(e.getKey()),
                        "is not a valid environment variable name (letters, digits, '_', '.',"
                                + " '-', not starting with a digit, at most " + MAX_ENV_NAME_CHARS + " characters)"));
            } else if (e.getValue() == null) {
                return Optional.of(
                        new FieldError(field + "." + e.getKey(), "must have a value (use an empty string for none)"));
            } else if (e.getValue().indexOf('\0') >= 0) {
                return Optional.of(new FieldError(field + "." + e.getKey(), "must not contain NUL characters"));
            }
            return Optional.empty();
        });
    }

    /** The environment added to every command ({@code spec.execEnv}): the same limits, one message per bad variable. */
    private static void checkExecEnvironment(Map<String, String> env, FieldNames names, List<FieldError> errors) {
        String field = names.execEnvironment();
        checkVariables(env, field, errors, e -> {
            if (!validName(e.getKey()) || e.getValue() == null || e.getValue().indexOf('\0') >= 0) {
                return Optional.of(new FieldError(
                        field + "." + shortened(e.getKey()),
                        "must be a valid variable name with a value without NUL characters"));
            }
            return Optional.empty();
        });
    }

    /**
     * The limits every set of environment variables keeps (how many, how many characters in all), with
     * {@code variableProblem} judging each variable. Too many variables end the check: their contents are not read.
     */
    private static void checkVariables(
            Map<String, String> env,
            String field,
            List<FieldError> errors,
            Function<Map.Entry<String, String>, Optional<FieldError>> variableProblem) {
        if (env == null) {
            return;
        }
        if (env.size() > MAX_ENV_ENTRIES) {
            errors.add(new FieldError(
                    field, "has " + env.size() + " variables; at most " + MAX_ENV_ENTRIES + " are allowed"));
            return;
        }
        long chars = 0;
        for (Map.Entry<String, String> e : env.entrySet()) {
            chars += (e.getKey() == null ? 0 : e.getKey().length())
                    + (e.getValue() == null ? 0 : e.getValue().length());
            variableProblem.apply(e).ifPresent(errors::add);
        }
        if (chars > MAX_ENV_CHARS) {
            errors.add(new FieldError(
                    field,
                    "has " + chars + " characters in names and values; at most " + MAX_ENV_CHARS + " are allowed"));
        }
    }

    private static boolean validName(String name) {
        return name != null
                && name.length() <= MAX_ENV_NAME_CHARS
                && ENV_NAME.matcher(name).matches();
    }

    /**
     * The field of the {@code Sandbox} resource that a REST field name stands for, such as
     * {@code spec.resources.timeoutSeconds} for {@code resources.timeout}: what a kubectl user sees in the status. For
     * errors already named for REST; {@link #validate(SandboxSpec, FieldNames)} with {@link FieldNames#CRD} names every
     * field directly.
     */
    public static String crdField(String restField) {
        return FieldNames.crdFieldOf(restField);
    }

    /** A caller's text cut short for an error message. */
    static String shortened(String text) {
        return text == null || text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    /**
     * What is wrong with a {@code resources.disk} value given the cluster's maximum, if anything, named for REST. Null
     * means the default. The gateway and the operator call it with their configured maximum; {@link #validate} without
     * one.
     */
    public static Optional<FieldError> diskProblem(String disk, long maxBytes) {
        return ResourceChecks.diskProblem(disk, maxBytes, FieldNames.REST);
    }

    /** As {@link #diskProblem(String, long)}, naming the field the way {@code names} says. */
    public static Optional<FieldError> diskProblem(String disk, long maxBytes, FieldNames names) {
        return ResourceChecks.diskProblem(disk, maxBytes, names);
    }

    /** Why a mount path is not allowed (under the system's directories or the workspace, relative ...), or null. */
    public static String mountPathProblem(String path) {
        return MountChecks.mountPathProblem(path);
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
