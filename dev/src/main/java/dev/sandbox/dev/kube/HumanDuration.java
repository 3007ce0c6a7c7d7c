package dev.sandbox.dev.kube;

import java.time.Duration;

/**
 * Ages as Kubernetes prints them ({@code 45s}, {@code 3m20s}, {@code 5h12m}, {@code 3d4h}); a port of apimachinery's
 * {@code duration.HumanDuration}.
 *
 * <p>The API server, not kubectl, turns a {@code date} printer column into an age: kubectl prints a Table cell as
 * it comes, so a raw timestamp would show up verbatim under AGE.
 */
final class HumanDuration {

    private HumanDuration() {}

    static String format(Duration d) {
        long seconds = d.toSeconds();
        // Up to a second in the future is clock skew between machines: "now".
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            return twoUnits(minutes, "m", seconds % 60, "s");
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            return twoUnits(hours, "h", minutes % 60, "m");
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            return twoUnits(hours / 24, "d", hours % 24, "h");
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            return twoUnits(hours / 24 / 365, "y", (hours / 24) % 365, "d");
        }
        return hours / 24 / 365 + "y";
    }

    /** {@code 3m20s}, or {@code 3m} when the smaller unit is zero. */
    private static String twoUnits(long large, String largeUnit, long small, String smallUnit) {
        return small == 0 ? large + largeUnit : large + largeUnit + small + smallUnit;
    }
}
