package dev.sandbox.agent;

import java.util.List;

/**
 * Where the node agent answers. The agent registers its routes with these paths and the gateway builds its calls from
 * them, so the two cannot drift apart. Calls on one sandbox live under {@link #SANDBOX}; their sub-paths are those of
 * the REST API under {@code /v1/sandboxes/{id}}, because the gateway passes file, log, statistics and process calls on
 * unchanged.
 */
public final class AgentPaths {
    /** Liveness of the agent; needs no token. */
    public static final String HEALTH = "/agent/healthz";
    /** Everything below needs {@code Authorization: Bearer <agent token>}. */
    public static final String PREFIX = "/agent/v1";
    /** Whether a port of the node is free (the gateway asks before it accepts an explicit node port). */
    public static final String NODE_PORT = PREFIX + "/node/ports/{port}";
    /** One sandbox, by the UID of its resource. */
    public static final String SANDBOX = PREFIX + "/sandboxes/{uid}";

    public static final String EXEC = "/exec";
    public static final String EXEC_STREAM = "/exec/stream";
    public static final String EXEC_SOCKET = "/exec/ws";
    public static final String FILES = "/volumes/{volumeId}/files";
    public static final String DIRECTORIES = "/volumes/{volumeId}/directories";
    public static final String FILE = "/volumes/{volumeId}/file";
    public static final String UPLOAD = "/volumes/{volumeId}/upload";
    public static final String RENAME = "/volumes/{volumeId}/rename";
    public static final String EXPORT = "/export";
    public static final String LOGS = "/logs";
    public static final String STATS = "/stats";
    public static final String PROCESSES = "/processes";
    public static final String PROCESS = "/processes/{processId}";
    public static final String PROCESS_OUTPUT = "/processes/{processId}/output";
    public static final String PROCESS_SIGNAL = "/processes/{processId}/signal";
    public static final String PROCESS_WAIT = "/processes/{processId}/wait";
    public static final String PORT = "/ports/{port}";
    /** A preview request's path below the port; {@code <rest>} may contain {@code /}. */
    public static final String PORT_PATH = "/ports/{port}/<rest>";
    /**
     * The HTTP methods of a request to a sandbox's port: the gateway takes these from its clients and the agent passes
     * these on to the port, so a method one side accepts is never refused by the other.
     */
    public static final List<String> PORT_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    /**
     * The calls the gateway passes on unchanged from {@code /v1/sandboxes/{id}<sub-path>} to {@code SANDBOX<sub-path>},
     * as {@code METHOD sub-path}.
     */
    public static final List<String> PASSED_ON = List.of(
            "GET " + FILES,
            "POST " + DIRECTORIES,
            "GET " + FILE,
            "PUT " + FILE,
            "DELETE " + FILE,
            "POST " + UPLOAD,
            "POST " + RENAME,
            "GET " + EXPORT,
            "GET " + LOGS,
            "GET " + STATS,
            "POST " + PROCESSES,
            "GET " + PROCESSES,
            "GET " + PROCESS,
            "DELETE " + PROCESS,
            "GET " + PROCESS_OUTPUT,
            "POST " + PROCESS_SIGNAL,
            "GET " + PROCESS_WAIT);

    private AgentPaths() {}

    /** The path of a call on one sandbox: {@code /agent/v1/sandboxes/<uid><subPath>}. */
    public static String sandbox(String uid, String subPath) {
        return PREFIX + "/sandboxes/" + uid + subPath;
    }

    /** The path that says whether {@code port} of the node is free. */
    public static String nodePort(int port) {
        return PREFIX + "/node/ports/" + port;
    }

    /** The sub-path of a preview request to {@code port}, {@code rest} being empty or starting with {@code /}. */
    public static String port(int port, String rest) {
        return "/ports/" + port + rest;
    }
}
