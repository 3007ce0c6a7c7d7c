package dev.sandbox.operator.agent;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.operator.mirror.SandboxMirror;

/** A mirror that keeps nothing, for tests about other things than PostgreSQL. */
final class NoMirror implements SandboxMirror {
    @Override
    public void record(Sandbox sandbox) {}

    @Override
    public void transition(Sandbox sandbox, String type, String reason, String message) {}

    @Override
    public void deleted(Sandbox sandbox) {}

    @Override
    public int pendingWrites() {
        return 0;
    }

    @Override
    public void close() {}
}
