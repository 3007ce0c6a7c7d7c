package dev.sandbox.operator.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The users (and groups) a command may run as besides the sandbox's own, from a list such as
 * {@code 1000-65534,www-data,33}: uids or gids, inclusive ranges of them, and names. Pure.
 */
final class ExecUsers {
    private final List<long[]> ranges;
    private final Set<String> names;
    private final String spec;

    private ExecUsers(List<long[]> ranges, Set<String> names, String spec) {
        this.ranges = ranges;
        this.names = names;
        this.spec = spec;
    }

    static ExecUsers parse(String spec) {
        List<long[]> ranges = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (String raw : (spec == null ? "" : spec).split(",")) {
            String item = raw.trim();
            if (item.isEmpty()) {
                continue;
            }
            if (item.matches("[0-9]+-[0-9]+")) {
                String[] bounds = item.split("-");
                ranges.add(new long[] {Long.parseLong(bounds[0]), Long.parseLong(bounds[1])});
            } else if (item.matches("[0-9]+")) {
                ranges.add(new long[] {Long.parseLong(item), Long.parseLong(item)});
            } else if (item.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                names.add(item);
            } else {
                throw new IllegalArgumentException(
                        "not a uid, uid range or user name in the exec user allow-list: '" + item + "'");
            }
        }
        return new ExecUsers(ranges, names, spec == null ? "" : spec.trim());
    }

    /** Whether {@code id} (a number or a name) is on the list; root never is, whatever the list says. */
    boolean allows(String id) {
        if (isRoot(id)) {
            return false;
        }
        if (id.matches("[0-9]{1,10}")) {
            long n = Long.parseLong(id);
            return ranges.stream().anyMatch(r -> n >= r[0] && n <= r[1]);
        }
        return names.contains(id);
    }

    static boolean isRoot(String id) {
        return id.equals("root") || id.matches("0+");
    }

    @Override
    public String toString() {
        return spec;
    }
}
