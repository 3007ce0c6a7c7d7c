package dev.sandbox.operator.sandbox;

import dev.sandbox.operator.model.Observation;

/** Carries out one action of a reconcile. Idempotent: a reconcile cut short after it is finished by the next one. */
@FunctionalInterface
interface SandboxStep {
    /** Does the action; returns what to report when the reconcile ends with it, or null to ask for the next action. */
    Observation run(PassState pass);
}
