package dev.sandbox.operator.sandbox;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.crd.SandboxStatus;
import dev.sandbox.crd.SandboxTemplate;
import dev.sandbox.crd.TemplateHash;
import dev.sandbox.crd.TemplateOverrides;
import dev.sandbox.crd.TemplateResolver;
import dev.sandbox.operator.model.Observation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges a template into a Sandbox written by hand ({@code spec.templateRef}, e.g. from kubectl): the fields the
 * Sandbox sets itself are told apart from defaults by reading its raw spec, checked against what the template allows,
 * and the effective spec is written back with the annotation {@value SandboxTemplate#RESOLVED_ANNOTATION}. Until then
 * neither the scheduler nor the node's reconciler touches the Sandbox. A forbidden override makes it Failed with
 * reason InvalidSpec, naming the field; a missing template leaves it Pending with reason TemplateNotFound.
 */
public final class TemplateBinding {
    public static final String REASON_TEMPLATE_NOT_FOUND = "TemplateNotFound";
    private static final Logger log = LoggerFactory.getLogger(TemplateBinding.class);

    private TemplateBinding() {}

    /** Whether the Sandbox names a template that has not been merged into its spec yet. */
    public static boolean awaitsTemplate(Sandbox sandbox) {
        if (sandbox.getSpec() == null || sandbox.getSpec().getTemplateRef() == null) {
            return false;
        }
        Map<String, String> annotations = sandbox.getMetadata().getAnnotations();
        return annotations == null || !annotations.containsKey(SandboxTemplate.RESOLVED_ANNOTATION);
    }

    /** Merges the template into the Sandbox, or says in its status why it cannot. Conflicts are left to the next pass. */
    public static void resolve(KubernetesClient client, Sandbox sandbox) {
        String namespace = sandbox.getMetadata().getNamespace();
        String name = sandbox.getSpec().getTemplateRef();
        SandboxTemplate template = client.resources(SandboxTemplate.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
        if (template == null
                || template.getSpec() == null
                || template.getMetadata().getDeletionTimestamp() != null) {
            status(
                    client,
                    sandbox,
                    SandboxPhase.Pending,
                    REASON_TEMPLATE_NOT_FOUND,
                    "template " + name + " does not exist in namespace " + namespace
                            + (template != null ? " (it is being deleted)" : ""));
            return;
        }
        GenericKubernetesResource raw = client.genericKubernetesResources(
                        Sandbox.GROUP + "/" + Sandbox.VERSION, "Sandbox")
                .inNamespace(namespace)
                .withName(sandbox.getMetadata().getName())
                .get();
        if (raw == null) {
            return;
        }
        Object rawSpec = raw.getAdditionalProperties().get("spec");
        @SuppressWarnings("unchecked")
        Map<String, Object> present = rawSpec instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        TemplateResolver.Resolution resolution = TemplateResolver.resolve(
                name, template.getSpec(), TemplateOverrides.fromSpec(sandbox.getSpec(), present));
        if (!resolution.ok()) {
            status(
                    client,
                    sandbox,
                    SandboxPhase.Failed,
                    Observation.REASON_INVALID_SPEC,
                    resolution.errors().stream()
                            .map(e -> e.field() + ": " + e.message())
                            .collect(Collectors.joining("; ")));
            return;
        }
        Sandbox copy = client.getKubernetesSerialization().clone(sandbox);
        SandboxSpec own = sandbox.getSpec();
        SandboxSpec merged = resolution.spec();
        // What is not the template's business stays as the Sandbox has it.
        merged.setDesiredState(own.getDesiredState());
        merged.setNodeName(own.getNodeName());
        merged.setRestartRequest(own.getRestartRequest());
        merged.setExecEnv(own.getExecEnv());
        merged.setIdleAction(own.getIdleAction());
        merged.setSnapshot(own.getSnapshot());
        copy.setSpec(merged);
        Map<String, String> annotations = copy.getMetadata().getAnnotations() == null
                ? new LinkedHashMap<>()
                : new LinkedHashMap<>(copy.getMetadata().getAnnotations());
        annotations.put(SandboxTemplate.RESOLVED_ANNOTATION, TemplateHash.of(template.getSpec()));
        copy.getMetadata().setAnnotations(annotations);
        Map<String, String> labels = copy.getMetadata().getLabels() == null
                ? new LinkedHashMap<>()
                : new LinkedHashMap<>(copy.getMetadata().getLabels());
        labels.put(SandboxTemplate.TEMPLATE_LABEL, name);
        copy.getMetadata().setLabels(labels);
        try {
            client.resource(copy).update();
            log.info(
                    "sandbox {}/{}: template {} merged into its spec",
                    namespace,
                    sandbox.getMetadata().getName(),
                    name);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 404) {
                throw e;
            }
        }
    }

    private static void status(
            KubernetesClient client, Sandbox sandbox, SandboxPhase phase, String reason, String message) {
        SandboxStatus current = sandbox.getStatus();
        if (current != null
                && current.getPhase() == phase
                && Objects.equals(current.getReason(), reason)
                && Objects.equals(current.getMessage(), message)) {
            return;
        }
        log.info(
                "sandbox {}/{}: {} ({})",
                sandbox.getMetadata().getNamespace(),
                sandbox.getMetadata().getName(),
                reason,
                message);
        Sandbox copy = client.getKubernetesSerialization().clone(sandbox);
        SandboxStatus status = current == null
                ? new SandboxStatus()
                : client.getKubernetesSerialization().clone(current);
        status.setPhase(phase);
        status.setReason(reason);
        status.setMessage(message);
        status.setObservedGeneration(sandbox.getMetadata().getGeneration());
        copy.setStatus(status);
        try {
            client.resource(copy).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 404) {
                throw e;
            }
        }
    }
}
