package dev.sandbox.helm;

import java.util.LinkedHashMap;
import java.util.Map;

/** The value sets the chart is proven with: the defaults and the shapes installations commonly take. */
final class ValueSets {
    private ValueSets() {}

    static Map<String, Map<String, Object>> valid() {
        Map<String, Map<String, Object>> sets = new LinkedHashMap<>();
        sets.put("defaults", Map.of());
        sets.put("one namespace", Map.of("watchNamespace", "team-a"));
        sets.put(
                "ingress on",
                Map.of(
                        "gateway.ingress.enabled", true,
                        "gateway.ingress.className", "nginx",
                        "gateway.ingress.host", "sandbox.example.com",
                        "gateway.ingress.previewHost", "*.preview.example.com",
                        "gateway.previewUrl", "https://preview.example.com"));
        sets.put(
                "existing secrets",
                Map.of(
                        "database.existingSecret", "pg-credentials",
                        "database.userKey", "user",
                        "database.passwordKey", "pass",
                        "agentToken.existingSecret", "agent-token",
                        "bootstrapApiKey.existingSecret", "first-key"));
        sets.put(
                "monitoring, no network policy, sandboxes in their own namespace",
                Map.of(
                        "serviceMonitor.enabled", true,
                        "serviceMonitor.labels.release", "prometheus",
                        "networkPolicy.enabled", false,
                        "sandboxNamespace", "sandboxes",
                        "watchNamespace", "sandboxes",
                        "operator.nodeSelector.pool", "sandboxes",
                        "gateway.replicas", 3));
        sets.put(
                "no disk limits, no firewall, own limits",
                Map.of(
                        "operator.diskLimits.enabled",
                        false,
                        "operator.firewall.enabled",
                        false,
                        "operator.hostNetwork",
                        false,
                        "sandboxes.maxDisk",
                        "2g",
                        "sandboxes.portRange",
                        "40000-40999",
                        "sandboxes.reservedPorts",
                        "40080,40443"));
        return sets;
    }

    /** Values the schema (or a template's own check) must refuse, with a word the error must contain. */
    static Map<String, Map.Entry<Map<String, Object>, String>> rejected() {
        Map<String, Map.Entry<Map<String, Object>, String>> sets = new LinkedHashMap<>();
        sets.put("no gateway replica", Map.entry(Map.of("gateway.replicas", 0), "replicas"));
        sets.put("replicas as words", Map.entry(Map.of("gateway.replicas", "two"), "replicas"));
        sets.put("misspelled key", Map.entry(Map.of("gatway.replicas", 2), "gatway"));
        sets.put("misspelled nested key", Map.entry(Map.of("operator.hostNetwrok", true), "hostNetwrok"));
        sets.put("not a PostgreSQL URL", Map.entry(Map.of("database.url", "mysql://db:3306/sandbox"), "url"));
        sets.put("unknown pull policy", Map.entry(Map.of("image.pullPolicy", "Sometimes"), "pullPolicy"));
        sets.put("namespace not a DNS label", Map.entry(Map.of("watchNamespace", "Team_A"), "watchNamespace"));
        sets.put("port out of range", Map.entry(Map.of("operator.agentPort", 70000), "agentPort"));
        sets.put("ingress without host", Map.entry(Map.of("gateway.ingress.enabled", true), "gateway.ingress.host"));
        sets.put("port range in words", Map.entry(Map.of("sandboxes.portRange", "high ports"), "portRange"));
        sets.put("disk size in words", Map.entry(Map.of("sandboxes.maxDisk", "ten gigabytes"), "maxDisk"));
        sets.put("relative disk directory", Map.entry(Map.of("operator.diskLimits.directory", "disks"), "directory"));
        sets.put(
                "network pool not a CIDR",
                Map.entry(Map.of("operator.firewall.networkPool", "10.223.0.0"), "networkPool"));
        sets.put(
                "firewall without the node's network",
                Map.entry(Map.of("operator.hostNetwork", false), "operator.firewall.enabled"));
        sets.put("relative docker socket", Map.entry(Map.of("operator.dockerSocket", "docker.sock"), "dockerSocket"));
        return sets;
    }
}
