package dev.sandbox.crd;

/** What the idle clean-up does with a sandbox that went unused for its idle timeout. */
public enum IdleAction {
    /** Stop the container; the workspace is kept, memory is not. */
    Stop,
    /** Freeze the container; memory and every process are kept, no CPU is used. */
    Pause
}
