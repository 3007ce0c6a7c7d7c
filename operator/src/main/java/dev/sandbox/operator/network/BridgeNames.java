package dev.sandbox.operator.network;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names on the node of a sandbox network: its bridge interface ({@code sbx} and 12 hex digits, within the kernel's 15
 * characters) and its firewall chain ({@code SBX-} and the same digits). Both come from the Docker network name, which
 * comes from the sandbox UID, so a restarted operator finds them again; the common prefix lets one rule match every
 * sandbox bridge ({@code sbx+}).
 */
public final class BridgeNames {
    /** Prefix of every sandbox bridge interface. */
    public static final String BRIDGE_PREFIX = "sbx";

    /** Prefix of every per-sandbox firewall chain. */
    public static final String CHAIN_PREFIX = "SBX-";

    private BridgeNames() {}

    /** The bridge interface of the Docker network {@code networkName}. */
    public static String bridge(String networkName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(networkName.getBytes(StandardCharsets.UTF_8));
            return BRIDGE_PREFIX + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The firewall chain of a sandbox bridge. */
    public static String chain(String bridge) {
        return CHAIN_PREFIX + bridge.substring(BRIDGE_PREFIX.length());
    }

    /** The bridge a chain belongs to, or null when the name is not one of ours. */
    public static String bridgeOfChain(String chain) {
        return chain.startsWith(CHAIN_PREFIX) && chain.length() == CHAIN_PREFIX.length() + 12
                ? BRIDGE_PREFIX + chain.substring(CHAIN_PREFIX.length())
                : null;
    }
}
