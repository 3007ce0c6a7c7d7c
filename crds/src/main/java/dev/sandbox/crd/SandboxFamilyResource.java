package dev.sandbox.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * What the namespaced kinds of the sandbox family (Sandbox, SandboxTemplate, SandboxWarmPool, SandboxSnapshot) have
 * in common: each status explains itself in {@code status.message}, which {@code kubectl get -o wide} shows, and every
 * listing ends with the resource's age. The CRD generator collects printer columns from superclasses too, so the
 * columns declared here appear in each kind's CRD beside the kind's own ones.
 *
 * @param <S> the spec type
 * @param <T> the status type
 */
@AdditionalPrinterColumn(
        name = "Message",
        jsonPath = ".status.message",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public abstract class SandboxFamilyResource<S, T> extends CustomResource<S, T> implements Namespaced {}
