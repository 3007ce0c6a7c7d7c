package dev.sandbox.gateway;

/**
 * The sandbox an E2B data-plane request is for, resolved and access-checked.
 *
 * @param target where it runs
 * @param home its home directory (where relative paths start and commands run by default)
 */
record E2bSandboxRef(SandboxTarget target, String home) {}
