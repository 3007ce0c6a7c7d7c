package dev.sandbox.crd;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks of a spec's limits: CPU, memory, disk, GPU, lifetime, idle timeout, retries and stop grace period. */
final class ResourceChecks {
    private static final Pattern GPU = Pattern.compile("^(all|[0-9]+|[A-Za-z0-9-]+(,[A-Za-z0-9-]+)*)$");
    /** Smallest memory limit Docker accepts. */
    static final long MIN_MEMORY_BYTES = 6L * 1024 * 1024;
    /** Largest memory limit of one sandbox (256 GiB). */
    static final long MAX_MEMORY_BYTES = 256L * 1024 * 1024 * 1024;
    /** Restart requests are counted up by one each time; the count stays far from int overflow. */
    static final int MAX_RESTART_REQUEST = 1_000_000_000;

    private ResourceChecks() {}

    static void check(SandboxSpec spec, FieldNames names, List<FieldError> errors) {
        SandboxResources r = spec.getResources();
        if (r == null) {
            errors.add(new FieldError(names.same("resources"), "is required"));
            return;
        }
        if (r.getCpu() == null || r.getCpu().isNaN() || r.getCpu() < 0.1 || r.getCpu() > 8.0) {
            errors.add(new FieldError(
                    names.same("resources.cpu"), "must be between 0.1 and 8.0 cores, got " + r.getCpu()));
        }
        try {
            long bytes =
                    Quantities.parseBytes(r.getMemory() != null && r.getMemory().length() > 32 ? "x" : r.getMemory());
            if (bytes < MIN_MEMORY_BYTES || bytes > MAX_MEMORY_BYTES) {
                errors.add(new FieldError(
                        names.same("resources.memory"), "must be from 6m to 256g, got " + r.getMemory()));
            }
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(
                    names.same("resources.memory"),
                    "must be a size from 6m to 256g such as 512m or 1g, got "
                            + SpecValidator.shortened(r.getMemory())));
        }
        diskProblem(r.getDisk(), Long.MAX_VALUE, names).ifPresent(errors::add);
        if (r.getGpu() != null
                && (r.getGpu().length() > 256 || !GPU.matcher(r.getGpu()).matches())) {
            errors.add(new FieldError(
                    names.same("resources.gpu"), "must be a count such as 1, 'all', or comma-separated device ids"));
        }
        long maxTimeout = SpecValidator.MAX_TIMEOUT_SECONDS;
        if (r.getTimeoutSeconds() != null && (r.getTimeoutSeconds() < 1 || r.getTimeoutSeconds() > maxTimeout)) {
            errors.add(new FieldError(
                    names.timeout(),
                    "must be from 1 to " + maxTimeout + " seconds (365 days), got " + r.getTimeoutSeconds()));
        }
        if (spec.getIdleTimeoutSeconds() != null
                && (spec.getIdleTimeoutSeconds() < 0 || spec.getIdleTimeoutSeconds() > maxTimeout)) {
            errors.add(new FieldError(
                    names.idleTimeout(),
                    "must be 0 (off) or a number of seconds up to " + maxTimeout + ", got "
                            + spec.getIdleTimeoutSeconds()));
        }
        if (r.getMaxRetries() != null && (r.getMaxRetries() < 0 || r.getMaxRetries() > 100)) {
            errors.add(new FieldError(names.same("resources.maxRetries"), "must be between 0 and 100"));
        }
        if (spec.getStopTimeoutSeconds() != null
                && (spec.getStopTimeoutSeconds() < 0 || spec.getStopTimeoutSeconds() > 3600)) {
            errors.add(new FieldError(names.same("stopTimeoutSeconds"), "must be between 0 and 3600"));
        }
        if (spec.getRestartRequest() != null
                && (spec.getRestartRequest() < 0 || spec.getRestartRequest() > MAX_RESTART_REQUEST)) {
            errors.add(new FieldError(names.same("restartRequest"), "must be from 0 to " + MAX_RESTART_REQUEST));
        }
    }

    static Optional<FieldError> diskProblem(String disk, long maxBytes, FieldNames names) {
        if (disk == null) {
            return Optional.empty();
        }
        String field = names.same("resources.disk");
        try {
            long bytes = Quantities.parseBytes(disk);
            if (bytes < SpecValidator.MIN_DISK_BYTES) {
                return Optional.of(new FieldError(field, "must be at least 16m, got " + disk));
            }
            if (bytes > maxBytes) {
                return Optional.of(new FieldError(
                        field,
                        "must be at most " + VolumeClassRules.human(maxBytes) + " (the cluster's maximum), got "
                                + disk));
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(new FieldError(field, e.getMessage()));
        }
    }
}
