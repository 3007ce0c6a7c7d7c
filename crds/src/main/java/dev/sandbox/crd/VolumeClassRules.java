package dev.sandbox.crd;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules that keep tenant input away from the container engine's volume options, shared by the gateway (400
 * answers) and the operator (a Failed status for what kubectl wrote unchecked). Pure.
 *
 * <p>A class is the only source of driver options, and even an administrator's class may not bind a host path unless
 * it says so ({@code allowHostPaths}); a volume may only name a class and choose a size within its bounds.
 */
public final class VolumeClassRules {
    private static final Pattern OPTION_KEY = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$");
    private static final Pattern CLASS_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$");
    /** Smallest volume a class may offer: an ext4 file system needs a few megabytes for itself. */
    public static final long MIN_SIZE_BYTES = 16L * 1024 * 1024;

    private VolumeClassRules() {}

    /** Everything wrong with a class, each naming its field under {@code spec}; empty when the class is usable. */
    public static List<FieldError> validateClass(NetworkVolumeClassSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        if (spec == null) {
            errors.add(new FieldError("spec", "is required"));
            return errors;
        }
        VolumeClassType type = type(spec);
        if (type == VolumeClassType.Driver) {
            if (spec.getDefaultSize() != null || spec.getMaxSize() != null || spec.getMinSize() != null) {
                errors.add(new FieldError(
                        "spec.maxSize",
                        "classes of type Driver take no size (the driver cannot enforce one); remove the size fields"));
            }
            boolean trusted = Boolean.TRUE.equals(spec.getAllowHostPaths());
            for (Map.Entry<String, String> o : spec.getOptions().entrySet()) {
                String at = "spec.options." + o.getKey();
                if (o.getKey() == null || !OPTION_KEY.matcher(o.getKey()).matches()) {
                    errors.add(new FieldError(at, "is not a valid option name"));
                } else if (o.getValue() == null
                        || o.getValue().length() > 1024
                        || o.getValue().indexOf('\0') >= 0) {
                    errors.add(new FieldError(at, "must be a string of at most 1024 characters without NUL"));
                } else if (!trusted && namesHostPath(o.getKey(), o.getValue())) {
                    errors.add(
                            new FieldError(
                                    at,
                                    "binds a host path into sandboxes ('" + o.getKey() + ": " + o.getValue()
                                            + "'); set allowHostPaths: true only if every tenant of this class may see that path"));
                }
            }
        } else {
            if (spec.getDriver() != null || !spec.getOptions().isEmpty()) {
                errors.add(new FieldError(
                        "spec.options",
                        "driver and options are for classes of type Driver; type " + type + " sets its own"));
            }
            long min = bytes(spec.getMinSize(), MIN_SIZE_BYTES, "spec.minSize", errors);
            long max = bytes(spec.getMaxSize(), defaultMax(type), "spec.maxSize", errors);
            long def = bytes(spec.getDefaultSize(), defaultSize(type), "spec.defaultSize", errors);
            if (min < MIN_SIZE_BYTES) {
                errors.add(new FieldError("spec.minSize", "must be at least 16m"));
            }
            if (max < min) {
                errors.add(new FieldError("spec.maxSize", "must not be smaller than minSize"));
            }
            if (def < min || def > max) {
                errors.add(new FieldError("spec.defaultSize", "must lie between minSize and maxSize"));
            }
        }
        return errors;
    }

    /**
     * Whether a driver option makes the engine mount something of the host itself: a bind ({@code type: none|bind},
     * {@code o: bind}) or an absolute path anywhere (a directory or a block device of the node).
     */
    public static boolean namesHostPath(String key, String value) {
        String k = key.toLowerCase(Locale.ROOT);
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (k.equals("type") && (v.equals("none") || v.equals("bind") || v.equals("rbind"))) {
            return true;
        }
        if (k.equals("o")) {
            for (String part : v.split(",")) {
                if (part.trim().equals("bind") || part.trim().equals("rbind")) {
                    return true;
                }
            }
        }
        return v.startsWith("/") || v.contains("=/") || v.startsWith("~");
    }

    /**
     * Everything wrong with a volume given its class (null when no class of that name exists), each naming its field as
     * the REST API and the CRD call it; empty when the volume may be made.
     */
    public static List<FieldError> validateVolume(NetworkVolumeSpec spec, NetworkVolumeClass cls) {
        List<FieldError> errors = new ArrayList<>();
        if (spec == null) {
            errors.add(new FieldError("spec", "is required"));
            return errors;
        }
        for (String unknown : spec.getUnknownFields().keySet()) {
            errors.add(new FieldError(
                    unknown,
                    "is not accepted: drivers and driver options come only from the volume class an administrator "
                            + "defines; name one with className"));
        }
        if (spec.getMountPath() != null && SpecValidator.mountPathProblem(spec.getMountPath()) != null) {
            errors.add(new FieldError("mountPath", SpecValidator.mountPathProblem(spec.getMountPath())));
        }
        String name = className(spec);
        if (!CLASS_NAME.matcher(name).matches()) {
            errors.add(new FieldError(
                    "className", "must be the name of a NetworkVolumeClass (lowercase letters, digits, '-' and '.')"));
            return errors;
        }
        if (cls == null) {
            errors.add(new FieldError("className", "no volume class named '" + name + "' exists"));
            return errors;
        }
        if (cls.getMetadata() != null && cls.getMetadata().getDeletionTimestamp() != null) {
            errors.add(new FieldError("className", "volume class '" + name + "' is being deleted"));
            return errors;
        }
        List<FieldError> classErrors = validateClass(cls.getSpec());
        if (!classErrors.isEmpty()) {
            errors.add(new FieldError(
                    "className",
                    "volume class '" + name + "' is invalid ("
                            + classErrors.get(0).field() + " "
                            + classErrors.get(0).message() + "); ask an administrator"));
            return errors;
        }
        if (spec.getSize() != null) {
            VolumeClassType type = type(cls.getSpec());
            long asked;
            try {
                asked = Quantities.parseBytes(spec.getSize());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("size", e.getMessage()));
                return errors;
            }
            if (type == VolumeClassType.Driver) {
                errors.add(new FieldError("size", "volume class '" + name + "' (type Driver) takes no size"));
            } else {
                long min = minBytes(cls.getSpec());
                long max = maxBytes(cls.getSpec());
                if (asked < min || asked > max) {
                    errors.add(new FieldError(
                            "size",
                            "must be between " + human(min) + " and " + human(max) + " for volume class '" + name
                                    + "', got " + spec.getSize()));
                }
            }
        }
        return errors;
    }

    /** The class a volume names, or the default class. */
    public static String className(NetworkVolumeSpec spec) {
        return spec.getClassName() == null || spec.getClassName().isBlank()
                ? NetworkVolumeClass.DEFAULT_CLASS
                : spec.getClassName();
    }

    public static VolumeClassType type(NetworkVolumeClassSpec spec) {
        return spec.getType() == null ? VolumeClassType.Disk : spec.getType();
    }

    /** The size a volume gets in bytes (its own or the class default); -1 for classes of type Driver. */
    public static long sizeBytes(NetworkVolumeSpec spec, NetworkVolumeClassSpec cls) {
        VolumeClassType type = type(cls);
        if (type == VolumeClassType.Driver) {
            return -1;
        }
        return spec.getSize() != null
                ? Quantities.parseBytes(spec.getSize())
                : orDefault(cls.getDefaultSize(), defaultSize(type));
    }

    /** Smallest size a volume of the class may ask for. */
    public static long minBytes(NetworkVolumeClassSpec cls) {
        return orDefault(cls.getMinSize(), MIN_SIZE_BYTES);
    }

    /** Largest size a volume of the class may ask for. */
    public static long maxBytes(NetworkVolumeClassSpec cls) {
        return orDefault(cls.getMaxSize(), defaultMax(type(cls)));
    }

    static long defaultSize(VolumeClassType type) {
        return type == VolumeClassType.Tmpfs ? 64L * 1024 * 1024 : 1024L * 1024 * 1024;
    }

    static long defaultMax(VolumeClassType type) {
        return type == VolumeClassType.Tmpfs ? 1024L * 1024 * 1024 : 10L * 1024 * 1024 * 1024;
    }

    private static long orDefault(String size, long fallback) {
        try {
            return size == null ? fallback : Quantities.parseBytes(size);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    private static long bytes(String size, long fallback, String field, List<FieldError> errors) {
        if (size == null) {
            return fallback;
        }
        try {
            return Quantities.parseBytes(size);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, e.getMessage()));
            return fallback;
        }
    }

    /** A byte count the way sizes are written in specs (e.g. {@code 10g}, {@code 16m}). */
    public static String human(long bytes) {
        long g = 1024L * 1024 * 1024;
        long m = 1024L * 1024;
        if (bytes % g == 0) {
            return bytes / g + "g";
        }
        if (bytes % m == 0) {
            return bytes / m + "m";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + "k" : Long.toString(bytes);
    }
}
