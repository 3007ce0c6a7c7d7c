package dev.sandbox.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One container of a rendered pod, run as an OS process with exactly its command, arguments and environment. What a
 * kubelet and the image would provide is substituted, and only that:
 * <ul>
 *   <li>the image's layout: {@code /opt/java/bin/java} is this JVM's {@code java}, {@code /app/<jar>} the jar the
 *       build made (with its {@code lib/} beside it, as in the image); the image's {@code ENV} comes first (see
 *       {@link ImageEnvironment}), with this machine's tools at the paths the image has them;</li>
 *   <li>downward-API fields: {@code spec.nodeName}, {@code status.podIP} (each pod gets its own loopback address,
 *       127.0.0.x, standing in for its own network namespace; a wildcard listen address {@code 0.0.0.0} is that
 *       address for the same reason) and {@code metadata.namespace};</li>
 *   <li>Secret references, read from the Kubernetes API like a kubelet does;</li>
 *   <li>the service account's token mount: {@code KUBECONFIG} names a kubeconfig with the API's address and a token
 *       that identifies the pod's service account.</li>
 * </ul>
 */
final class PodProcess {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    private PodProcess(String name, List<String> command, Map<String, String> environment, Path log) {
        this.name = name;
        this.command = command;
        this.environment = environment;
        this.log = log;
    }

    /**
     * @param kubeconfig the pod's service account as a kubeconfig, or null when the pod mounts no token
     */
    static PodProcess of(
            String name,
            Container container,
            KubernetesClient api,
            String namespace,
            String nodeName,
            String podIp,
            Map<String, Path> jars,
            Path kubeconfig,
            Path logDir) {
        List<String> command = new ArrayList<>();
        for (String part : concat(container.getCommand(), container.getArgs())) {
            if (part.equals("/opt/java/bin/java")) {
                command.add(ProcessHandle.current().info().command().orElse("java"));
            } else if (jars.containsKey(part)) {
                command.add(jars.get(part).toString());
            } else {
                command.add(part);
            }
        }
        // The container's env overrides the image's, as with any container runtime.
        Map<String, String> env =
                new LinkedHashMap<>(ImageEnvironment.of(ImageEnvironment.componentOf(container.getImage())));
        for (EnvVar var : container.getEnv()) {
            String value;
            if (var.getValueFrom() == null) {
                value = expand(var.getValue() == null ? "" : var.getValue(), env);
            } else if (var.getValueFrom().getFieldRef() != null) {
                value = switch (var.getValueFrom().getFieldRef().getFieldPath()) {
                    case "spec.nodeName" -> nodeName;
                    case "status.podIP", "status.hostIP" -> podIp;
                    case "metadata.namespace" -> namespace;
                    default ->
                        throw new AssertionError("no stand-in for the field "
                                + var.getValueFrom().getFieldRef().getFieldPath());
                };
            } else if (var.getValueFrom().getSecretKeyRef() != null) {
                var ref = var.getValueFrom().getSecretKeyRef();
                Secret secret = api.secrets()
                        .inNamespace(namespace)
                        .withName(ref.getName())
                        .get();
                if (secret == null
                        || secret.getData() == null
                        || !secret.getData().containsKey(ref.getKey())) {
                    throw new AssertionError("the pod reads " + ref.getName() + "/" + ref.getKey()
                            + ", which the cluster does not have");
                }
                value = new String(
                        Base64.getDecoder().decode(secret.getData().get(ref.getKey())), StandardCharsets.UTF_8);
            } else {
                throw new AssertionError("no stand-in for " + var.getValueFrom());
            }
            if (value.equals("0.0.0.0")) {
                value = podIp;
            }
            env.put(var.getName(), value);
        }
        if (kubeconfig != null) {
            env.put("KUBECONFIG", kubeconfig.toString());
        }
        return new PodProcess(name, command, env, logDir.resolve(name + ".log"));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a == null ? List.of() : a);
        all.addAll(b == null ? List.of() : b);
        return all;
    }

    private static String expand(String value, Map<String, String> env) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    PodProcess start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // The container's environment and nothing of this JVM's.
        builder.environment().clear();
        builder.environment().putAll(environment);
        Files.writeString(
                log,
                "---- " + name + ": " + String.join(" ", command) + "\n",
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        process = builder.start();
        return this;
    }

    /** Waits for the process to end on its own; its exit status. */
    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not end within " + limit.toSeconds() + " s; its log: " + log);
        }
        return process.exitValue();
    }

    /** SIGTERM, as Kubernetes stops a pod; the exit status, or an error when it outlives {@code grace}. */
    int terminate(Duration grace) throws InterruptedException {
        process.destroy();
        return awaitExit(grace);
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    void kill() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    Map<String, String> environment() {
        return environment;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    String name() {
        return name;
    }
}
