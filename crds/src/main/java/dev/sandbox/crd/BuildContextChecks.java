package dev.sandbox.crd;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Checks of a build context: a Dockerfile, relative paths inside it, and a size one Kubernetes object can hold. */
final class BuildContextChecks {
    /** Limits that keep a build context well inside what one Kubernetes object may hold. */
    static final int MAX_BUILD_FILES = 200;

    static final int MAX_BUILD_BYTES = 512 * 1024;

    private BuildContextChecks() {}

    static void check(Map<String, String> files, FieldNames names, List<FieldError> errors) {
        String field = names.same("buildContext");
        if (!files.containsKey("Dockerfile")) {
            errors.add(new FieldError(field, "must contain a file named Dockerfile"));
        }
        if (files.size() > MAX_BUILD_FILES) {
            errors.add(new FieldError(
                    field, "has " + files.size() + " files; at most " + MAX_BUILD_FILES + " are allowed"));
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
                        field + "." + SpecValidator.shortened(path),
                        "must be a relative path inside the context, without '..', at most 255 characters"));
            }
            if (f.getValue() == null) {
                errors.add(new FieldError(
                        field + "." + SpecValidator.shortened(path),
                        "must have content (use an empty string for an empty file)"));
            } else {
                bytes += f.getValue().getBytes(StandardCharsets.UTF_8).length + (path == null ? 0 : path.length());
            }
        }
        if (bytes > MAX_BUILD_BYTES) {
            errors.add(new FieldError(field, "is " + bytes + " bytes; at most " + MAX_BUILD_BYTES + " are allowed"));
        }
    }
}
