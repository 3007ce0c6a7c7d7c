package dev.sandbox.crd;

/** Coarse lifecycle state of a sandbox, for people; conditions carry the detail. */
public enum SandboxPhase {
    Pending,
    Creating,
    Running,
    /** The container exists with its processes frozen (memory kept, no CPU). */
    Paused,
    Stopped,
    Failed,
    Terminating
}
