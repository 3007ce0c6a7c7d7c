package dev.sandbox.crd;

import java.util.regex.Pattern;

/**
 * An IPv4 network in CIDR notation, such as {@code 10.96.0.0/12}; a bare address means that one address ({@code /32}).
 *
 * @param address the network address, as 32 bits
 * @param prefix the number of leading bits that name the network, 0 to 32
 */
public record Ipv4Cidr(int address, int prefix) {
    private static final Pattern FORM = Pattern.compile("^[0-9]{1,3}(\\.[0-9]{1,3}){3}(/[0-9]{1,2})?$");
    private static final Pattern HOST_NAME = Pattern.compile("^(?=.*[A-Za-z])[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.?$");

    public Ipv4Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix must be 0 to 32");
        }
    }

    /**
     * Reads {@code a.b.c.d} or {@code a.b.c.d/n}. Host names and IPv6 are refused with a message that says why, and so is
     * an address with bits set beyond its prefix (it names the network it meant).
     */
    public static Ipv4Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("must be an IPv4 address or CIDR such as 203.0.113.0/24");
        }
        String s = text.trim();
        if (s.contains(":")) {
            throw new IllegalArgumentException("'" + clip(s)
                    + "' is IPv6; sandbox networks are IPv4 only (IPv6 is switched off inside sandboxes)");
        }
        if (!FORM.matcher(s).matches()) {
            if (HOST_NAME.matcher(s).matches()) {
                throw new IllegalArgumentException(
                        "'" + clip(s) + "' is a host name; give IPv4 addresses or CIDRs (a name's addresses"
                                + " change behind the firewall's back, so names are not accepted)");
            }
            throw new IllegalArgumentException(
                    "'" + clip(s) + "' is not an IPv4 address or CIDR such as 203.0.113.0/24");
        }
        String[] parts = s.split("/");
        String[] octets = parts[0].split("\\.");
        int address = 0;
        for (String octet : octets) {
            int value = Integer.parseInt(octet);
            if (value > 255) {
                throw new IllegalArgumentException(
                        "'" + s + "' is not an IPv4 address: " + value + " is more than 255");
            }
            address = (address << 8) | value;
        }
        int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
        if (prefix > 32) {
            throw new IllegalArgumentException("'" + s + "': the prefix length must be 0 to 32");
        }
        Ipv4Cidr cidr = new Ipv4Cidr(address, prefix);
        if ((address & ~cidr.mask()) != 0) {
            throw new IllegalArgumentException("'" + s + "' has bits set beyond its prefix; the network is "
                    + new Ipv4Cidr(address & cidr.mask(), prefix));
        }
        return cidr;
    }

    /** The netmask of this prefix, as 32 bits. */
    public int mask() {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** Whether {@code other} lies wholly inside this network. */
    public boolean contains(Ipv4Cidr other) {
        return other.prefix >= prefix && (other.address & mask()) == address;
    }

    @Override
    public String toString() {
        return ((address >>> 24) & 255) + "." + ((address >>> 16) & 255) + "." + ((address >>> 8) & 255) + "."
                + (address & 255) + "/" + prefix;
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
