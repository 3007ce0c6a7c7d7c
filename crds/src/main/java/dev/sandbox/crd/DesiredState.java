package dev.sandbox.crd;

/** Whether the user wants the sandbox's container to run. */
public enum DesiredState {
  Running,
  Stopped
}
