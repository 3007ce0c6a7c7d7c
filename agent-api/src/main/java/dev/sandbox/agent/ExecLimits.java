package dev.sandbox.agent;

import dev.sandbox.crd.SpecValidator;

/**
 * Bounds of a command run in a sandbox, defined once: the gateway refuses a request outside them before it calls the
 * node, and the agent checks them again for callers that reach it directly.
 */
public final class ExecLimits {
    /** How long a command may run when the request says nothing. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 60;
    /** The longest a command of exec (collected, streamed or interactive) may run. */
    public static final int MAX_TIMEOUT_SECONDS = 3600;
    /** The longest a background process may be given; without a timeout it runs until it ends. */
    public static final int MAX_BACKGROUND_TIMEOUT_SECONDS = 30 * 24 * 3600;
    /** The longest a wait for a background process may take. */
    public static final int MAX_PROCESS_WAIT_SECONDS = 300;
    /** The widest and tallest terminal, in cells. */
    public static final int MAX_TERMINAL_CELLS = 1000;

    public static final int DEFAULT_COLUMNS = 80;
    public static final int DEFAULT_ROWS = 24;
    /** Longest working directory, in characters. */
    public static final int MAX_WORKDIR_CHARS = 4096;
    /** Longest user (name or uid, optionally with a group), in characters. */
    public static final int MAX_USER_CHARS = 256;
    /**
     * Most environment variables a command may be given: the sandbox's claim-time variables ({@code spec.execEnv}) and
     * the request's own, each bounded like a sandbox's environment.
     */
    public static final int MAX_ENV_ENTRIES = 2 * SpecValidator.MAX_ENV_ENTRIES;
    /** Most characters of names and values together, counted as for a sandbox's environment. */
    public static final int MAX_ENV_CHARS = 2 * SpecValidator.MAX_ENV_CHARS;
    /** Output collected per stream when the caller names no cap. */
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 1 << 20;
    /** The largest cap a caller may ask for per stream. */
    public static final int MAX_OUTPUT_BYTES = 16 << 20;

    private ExecLimits() {}
}
