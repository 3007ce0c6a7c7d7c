package dev.sandbox.crd;

import java.util.LinkedHashMap;
import java.util.Map;

/** The environment a command in a sandbox sees: the container's ({@code spec.env}) plus {@code spec.execEnv}. */
public final class SandboxEnvironment {
    private SandboxEnvironment() {}

    /** {@code env} with {@code execEnv} on top (the later claim-time values win). */
    public static Map<String, String> effective(SandboxSpec spec) {
        if (spec.getExecEnv() == null || spec.getExecEnv().isEmpty()) {
            return spec.getEnv();
        }
        Map<String, String> all = new LinkedHashMap<>(spec.getEnv());
        all.putAll(spec.getExecEnv());
        return all;
    }
}
