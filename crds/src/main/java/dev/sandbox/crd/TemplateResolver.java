package dev.sandbox.crd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges a template and a sandbox's own fields into the sandbox's effective spec. Pure. The gateway uses it for
 * {@code POST /v1/sandboxes} with {@code "template"}, the operator for Sandboxes applied with {@code spec.templateRef},
 * and the warm-pool controller (with no overrides) for pooled sandboxes.
 */
public final class TemplateResolver {
    private TemplateResolver() {}

    /**
     * The effective spec, or the fields the template does not allow to override.
     *
     * @param errors names every forbidden override (REST field names); the spec is null then
     */
    public record Resolution(SandboxSpec spec, List<FieldError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /** What the template lets a sandbox override ({@link TemplateOverrides#DEFAULT_OVERRIDABLE} when it says nothing). */
    public static List<String> overridable(SandboxTemplateSpec template) {
        return template.getOverridable() == null ? TemplateOverrides.DEFAULT_OVERRIDABLE : template.getOverridable();
    }

    /** Problems of the template's own {@code overridable} list (unknown names); empty when fine. */
    public static List<FieldError> checkOverridable(SandboxTemplateSpec template) {
        List<FieldError> errors = new ArrayList<>();
        List<String> names = template.getOverridable() == null ? List.of() : template.getOverridable();
        for (int i = 0; i < names.size(); i++) {
            if (!TemplateOverrides.ALL.contains(names.get(i))) {
                errors.add(new FieldError(
                        "overridable[" + i + "]",
                        "'" + names.get(i) + "' is not a field a template can open; use "
                                + String.join(", ", TemplateOverrides.ALL)));
            }
        }
        return errors;
    }

    public static Resolution resolve(String templateName, SandboxTemplateSpec template, TemplateOverrides o) {
        List<String> allowed = overridable(template);
        List<FieldError> errors = new ArrayList<>();
        for (String field : o.setFields()) {
            if (!allowed.contains(field)) {
                errors.add(new FieldError(
                        field,
                        "template '" + templateName + "' does not allow overriding " + field
                                + (allowed.isEmpty()
                                        ? " (it allows no overrides)"
                                        : "; it allows " + String.join(", ", allowed))));
            }
        }
        if (!errors.isEmpty()) {
            return new Resolution(null, errors);
        }
        SandboxSpec spec = new SandboxSpec();
        spec.setTemplateRef(templateName);
        boolean ownImage = o.image() != null || o.buildContext() != null;
        spec.setImage(ownImage ? o.image() : template.getImage());
        spec.setBuildContext(copy(ownImage ? o.buildContext() : template.getBuildContext()));
        // A template made from a snapshot: its sandboxes start from the snapshot's files unless they bring their own
        // image.
        spec.setSnapshot(ownImage ? null : template.getSnapshot());
        spec.setForceBuild(o.forceBuild());
        spec.setCommand(o.command() != null ? o.command() : listCopy(template.getCommand()));
        spec.setEntrypoint(o.entrypoint() != null ? o.entrypoint() : listCopy(template.getEntrypoint()));
        Map<String, String> env = new LinkedHashMap<>(template.getEnv());
        if (o.env() != null) {
            env.putAll(o.env());
        }
        spec.setEnv(env);
        SandboxResources base = template.getResources();
        SandboxResources r = new SandboxResources();
        r.setCpu(o.cpu() != null ? o.cpu() : base.getCpu());
        r.setMemory(o.memory() != null ? o.memory() : base.getMemory());
        // The workspace size comes from the template (no per-sandbox override yet).
        r.setDisk(base.getDisk());
        r.setGpu(o.gpu() != null ? o.gpu() : base.getGpu());
        r.setTimeoutSeconds(o.timeoutSeconds() != null ? o.timeoutSeconds() : base.getTimeoutSeconds());
        r.setMaxRetries(o.maxRetries() != null ? o.maxRetries() : base.getMaxRetries());
        spec.setResources(r);
        spec.setIdleTimeoutSeconds(
                o.idleTimeoutSeconds() != null ? o.idleTimeoutSeconds() : template.getIdleTimeoutSeconds());
        spec.setPorts(o.ports() != null && !o.ports().isEmpty() ? o.ports() : ports(template.getPorts()));
        // Mounts are records, so a copy of the list keeps the sandbox's spec apart from the template's.
        spec.setMounts(o.mounts() != null && !o.mounts().isEmpty() ? o.mounts() : List.copyOf(template.getMounts()));
        ShutdownPolicy policy = o.shutdownPolicy() != null ? o.shutdownPolicy() : template.getShutdownPolicy();
        spec.setShutdownPolicy(policy == null ? ShutdownPolicy.Delete : policy);
        spec.setStopTimeoutSeconds(
                o.stopTimeoutSeconds() != null ? o.stopTimeoutSeconds() : template.getStopTimeoutSeconds());
        return new Resolution(spec, List.of());
    }

    private static Map<String, String> copy(Map<String, String> map) {
        return map == null ? null : new LinkedHashMap<>(map);
    }

    private static List<String> listCopy(List<String> list) {
        return list == null ? null : new ArrayList<>(list);
    }

    private static List<SandboxPort> ports(List<SandboxPort> ports) {
        List<SandboxPort> copies = new ArrayList<>();
        for (SandboxPort p : ports) {
            SandboxPort c = new SandboxPort();
            c.setInternal(p.getInternal());
            c.setExternal(p.getExternal());
            c.setProtocol(p.getProtocol());
            c.setSubdomain(p.getSubdomain());
            copies.add(c);
        }
        return copies;
    }

    /**
     * Checks a template the way a sandbox made from it without overrides would be checked, plus its own list, naming
     * the REST request's fields.
     */
    public static List<FieldError> validate(String templateName, SandboxTemplateSpec template) {
        return validate(templateName, template, FieldNames.REST);
    }

    /**
     * As {@link #validate(String, SandboxTemplateSpec)}, naming fields the way {@code names} says: a template's resource
     * has the same field paths as a sandbox's.
     */
    public static List<FieldError> validate(String templateName, SandboxTemplateSpec template, FieldNames names) {
        List<FieldError> errors = new ArrayList<>();
        for (FieldError e : checkOverridable(template)) {
            errors.add(new FieldError(names.same(e.field()), e.message()));
        }
        Resolution plain = resolve(templateName, template, TemplateOverrides.none());
        errors.addAll(SpecValidator.validate(plain.spec(), names));
        return errors;
    }
}
