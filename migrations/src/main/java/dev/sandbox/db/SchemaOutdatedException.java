package dev.sandbox.db;

/**
 * The database's schema is older than this version of the platform needs. The message says which version the database
 * is at, which one is needed and what to run; operator and gateway refuse to start with it.
 */
public final class SchemaOutdatedException extends RuntimeException {
    private final String current;
    private final String required;

    public SchemaOutdatedException(String current, String required, String remedy) {
        super("the database schema is at version " + current
                + " but this version of the sandbox platform needs version " + required + "; " + remedy);
        this.current = current;
        this.required = required;
    }

    /** The schema version applied in the database ({@code none} for an empty database). */
    public String current() {
        return current;
    }

    /** The newest schema version this build carries. */
    public String required() {
        return required;
    }
}
