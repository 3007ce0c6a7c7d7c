package dev.sandbox.crd;

/** Whether the user wants the sandbox's container to run, to be frozen with its memory kept, or to be stopped. */
public enum DesiredState {
    Running,
    /** Frozen with the engine's pause: every process keeps its memory and uses no CPU until the sandbox runs again. */
    Paused,
    Stopped
}
