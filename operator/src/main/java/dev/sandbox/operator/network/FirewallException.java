package dev.sandbox.operator.network;

/** The node's firewall could not be read or changed; the sandbox's network is not started without its rules. */
public class FirewallException extends RuntimeException {
    public FirewallException(String message) {
        super(message);
    }

    public FirewallException(String message, Throwable cause) {
        super(message, cause);
    }
}
