package dev.sandbox.operator.network;

import dev.sandbox.crd.Ipv4Cidr;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses of sandbox networks: each gets a {@code /28} (the bridge's gateway, the sandbox and room to spare) of
 * the administrator's pool. The Docker engine's default pools hold only about thirty networks, so without this a node
 * stops making networked sandboxes long before it runs out of anything else.
 *
 * <p>A network's first choice is derived from its name, so that a network re-made after an engine restart tends to get
 * the same addresses, and the following choices walk the pool from there. Which ones are free only the engine knows:
 * the runtime tries them in order and takes the first it accepts.
 */
public final class SubnetPool {
    /** The size of one sandbox network. */
    public static final int PREFIX = 28;
    /** Choices offered for one network before giving up (the engine refuses the ones in use). */
    static final int MAX_CHOICES = 64;

    private SubnetPool() {}

    /** Subnets to try for network {@code name}, best first; empty when there is no pool (the engine picks). */
    public static List<String> choices(Ipv4Cidr pool, String name) {
        if (pool == null) {
            return List.of();
        }
        long slots = 1L << (PREFIX - pool.prefix());
        long first = Math.floorMod(hash(name), slots);
        int count = (int) Math.min(slots, MAX_CHOICES);
        List<String> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long slot = (first + i * stride(slots)) % slots;
            result.add(new Ipv4Cidr((int) (pool.address() + (slot << (32 - PREFIX))), PREFIX).toString());
        }
        return result;
    }

    /**
     * A step through the slots that visits every one (odd, so coprime with the power-of-two slot count) and spreads the
     * tries of two networks whose first choices collide.
     */
    private static long stride(long slots) {
        return slots <= 2 ? 1 : (slots / 2 + 1) | 1;
    }

    private static long hash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            return value;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
