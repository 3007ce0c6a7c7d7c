package dev.sandbox.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * Every custom resource of the platform: {@code kubectl get} ends each listing with the resource's age, as it does for
 * the built-in kinds. The CRD generator collects printer columns from superclasses too, so this column appears in
 * every kind's CRD beside the kind's own ones.
 *
 * @param <S> the spec type
 * @param <T> the status type
 */
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public abstract class PlatformResource<S, T> extends CustomResource<S, T> {}
