package dev.sandbox.crd;

/** Coarse lifecycle state of a sandbox, for people; conditions carry the detail. */
public enum SandboxPhase {
  Pending,
  Creating,
  Running,
  Stopped,
  Failed,
  Terminating
}
