package dev.sandbox.client;

/**
 * What every focused part of the SDK ({@link Sandboxes}, {@link Commands}, {@link SandboxFiles}, ...) stands on: the
 * client's one {@link Transport}.
 */
abstract class GatewayCalls {
    final Transport transport;

    GatewayCalls(Transport transport) {
        this.transport = transport;
    }
}
