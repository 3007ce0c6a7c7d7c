package dev.sandbox.cli;

/**
 * The command line's own exit statuses; {@code exec} passes on the command's status instead. Listed in every
 * command's help.
 */
final class ExitCodes {
    static final int OK = 0;
    /** Anything not covered below. */
    static final int FAILED = 1;
    /** Wrong arguments or options, or a value the gateway refused (HTTP 400). */
    static final int USAGE = 2;
    /** No such sandbox, volume, file or key (HTTP 404). */
    static final int NOT_FOUND = 3;
    /** No API key, or one the gateway refused or that may not do this (HTTP 401, 403). */
    static final int AUTH = 4;
    /** The request conflicts with the sandbox's state, e.g. exec on a stopped sandbox (HTTP 409). */
    static final int CONFLICT = 5;
    /** The gateway failed, could not be reached or gave up waiting (HTTP 5xx, connection errors, time-outs). */
    static final int SERVER = 6;
    /** Too many requests (HTTP 429) or over one of the tenant's quotas (HTTP 403 {@code quota_exceeded}). */
    static final int LIMITED = 7;

    static final String HELP = """
      Exit status: 0 success, 1 other failure, 2 usage error or invalid value, 3 not found,
      4 missing or refused API key, 5 conflict with the sandbox's state, 6 server error or unreachable,
      7 rate-limited or over quota; exec exits with the command's own status.""";

    private ExitCodes() {}
}
