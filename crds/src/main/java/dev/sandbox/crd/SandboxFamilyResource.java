package dev.sandbox.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;

/**
 * What the namespaced kinds of the sandbox family (Sandbox, SandboxTemplate, SandboxWarmPool, SandboxSnapshot) have
 * in common: each status explains itself in {@code status.message}, which {@code kubectl get -o wide} shows.
 *
 * @param <S> the spec type
 * @param <T> the status type
 */
@AdditionalPrinterColumn(
        name = "Message",
        jsonPath = ".status.message",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
public abstract class SandboxFamilyResource<S, T> extends PlatformResource<S, T> implements Namespaced {}
