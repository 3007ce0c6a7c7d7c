package dev.sandbox.operator.agent;

import io.javalin.http.Context;

/** The agent's boolean query parameters ({@code recursive}, {@code extract}, {@code follow}, {@code stream} ...). */
final class QueryFlags {
    private QueryFlags() {}

    /** The flag's value: absent or {@code false} is false, {@code true} is true; anything else is a 400 naming it. */
    static boolean flag(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw AgentException.invalid(name, "'" + name + "' must be true or false");
    }
}
