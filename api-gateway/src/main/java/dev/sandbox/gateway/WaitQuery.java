package dev.sandbox.gateway;

import io.javalin.http.Context;
import java.time.Duration;

/**
 * The query parameters of calls that can wait for the operator: {@code ?wait=true} and
 * {@code ?waitTimeoutSeconds=}, bounded by the gateway's configuration. Handlers check them before they change
 * anything, so a bad one changes nothing.
 */
final class WaitQuery {
    private final Duration defaultWait;
    private final Duration maxWait;

    WaitQuery(GatewayConfig config) {
        this.defaultWait = config.defaultWait();
        this.maxWait = config.maxWait();
    }

    /** Whether the call asks to wait ({@code ?wait=true}); 400 for anything but true or false. */
    boolean wanted(Context ctx) {
        return flag(ctx, "wait");
    }

    /** How long to wait at most: {@code ?waitTimeoutSeconds=}, or the configured default. */
    Duration timeout(Context ctx) {
        String value = ctx.queryParam("waitTimeoutSeconds");
        if (value == null) {
            return defaultWait;
        }
        try {
            long seconds = Long.parseLong(value);
            if (seconds < 1 || seconds > maxWait.toSeconds()) {
                throw ApiException.invalid(
                        "waitTimeoutSeconds", "'waitTimeoutSeconds' must be between 1 and " + maxWait.toSeconds());
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("waitTimeoutSeconds", "'waitTimeoutSeconds' must be a whole number of seconds");
        }
    }

    /** The time to wait when the call asks to, otherwise null. */
    Duration timeoutIfWanted(Context ctx) {
        return wanted(ctx) ? timeout(ctx) : null;
    }

    /** A query parameter that is {@code true} or {@code false} (absent: false); 400 naming it otherwise. */
    static boolean flag(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return false;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw ApiException.invalid(name, "'" + name + "' must be true or false");
        }
        return value.equals("true");
    }
}
