package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The E2B data plane ("envd") on the gateway: {@code /health}, {@code /files} and the Connect services
 * {@code process.Process} and {@code filesystem.Filesystem}. The sandbox comes from the {@code E2b-Sandbox-Id} header
 * (one URL for every sandbox, as with {@code E2B_SANDBOX_URL}) or from a host name {@code 49983-<id>.<domain>}.
 * Like envd, it takes no API key: a secure sandbox needs its access token ({@code X-Access-Token}, or a signed file
 * URL), any other is reached by whoever knows its id.
 */
final class E2bEnvd {
    private static final Logger log = LoggerFactory.getLogger(E2bEnvd.class);
    static final String ID_HEADER = "E2b-Sandbox-Id";
    private static final Pattern HOST = Pattern.compile("^49983-([a-z0-9][-a-z0-9]*)\\..*");

    private final SandboxService sandboxes;
    private final ActivityRecorder activity;
    private final E2bAccessTokens tokens;
    private final E2bVolumeFiles files;
    private final E2bFilesystem filesystem;
    private final E2bWatchers watchers;
    private final E2bProcesses processes;

    E2bEnvd(
            SandboxService sandboxes,
            ActivityRecorder activity,
            E2bAccessTokens tokens,
            E2bVolumeFiles files,
            E2bWatchers watchers,
            E2bProcesses processes) {
        this.sandboxes = sandboxes;
        this.activity = activity;
        this.tokens = tokens;
        this.files = files;
        this.filesystem = new E2bFilesystem(files);
        this.watchers = watchers;
        this.processes = processes;
    }

    /** The sandbox is unknown or not running: E2B's proxy answers 502, which the SDKs read as "not running". */
    static final class NotRunningException extends RuntimeException {
        NotRunningException(String message) {
            super(message);
        }
    }

    void health(Context ctx) {
        resolve(ctx, false);
        ctx.status(204);
    }

    /** {@code POST /process.Process/{method}} and {@code POST /filesystem.Filesystem/{method}}. */
    void rpc(Context ctx, String service) throws IOException {
        boolean streaming = ConnectCalls.streaming(ctx);
        try {
            E2bSandboxRef sandbox = resolve(ctx, false);
            JsonNode request = ConnectCalls.request(ctx);
            String method = ctx.pathParam("method");
            if (service.equals("process.Process")) {
                switch (method) {
                    case "Start" -> processes.start(ctx, sandbox, request, user(ctx));
                    case "Connect" -> processes.connect(ctx, sandbox, request);
                    case "List" -> ConnectCalls.unary(ctx, processes.list(sandbox));
                    case "SendInput" -> ConnectCalls.unary(ctx, processes.sendInput(sandbox, request));
                    case "CloseStdin" -> ConnectCalls.unary(ctx, processes.closeStdin(sandbox, request));
                    case "SendSignal" -> ConnectCalls.unary(ctx, processes.sendSignal(sandbox, request));
                    case "Update" -> ConnectCalls.unary(ctx, processes.update(sandbox, request));
                    case "StreamInput" ->
                        throw new RpcException(
                                ConnectCode.UNIMPLEMENTED,
                                "client streaming is not supported over HTTP/1.1; use SendInput");
                    default ->
                        throw new RpcException(
                                ConnectCode.UNIMPLEMENTED, "process.Process/" + method + " does not exist");
                }
            } else {
                switch (method) {
                    case "WatchDir" -> watchers.watchDir(ctx, sandbox, request);
                    case "CreateWatcher" -> ConnectCalls.unary(ctx, watchers.createWatcher(sandbox, request));
                    case "GetWatcherEvents" -> ConnectCalls.unary(ctx, watchers.events(sandbox, request));
                    case "RemoveWatcher" -> ConnectCalls.unary(ctx, watchers.remove(sandbox, request));
                    default -> ConnectCalls.unary(ctx, filesystem.call(method, sandbox, request));
                }
            }
        } catch (RpcException e) {
            rpcError(ctx, streaming, e);
        } catch (ApiException e) {
            rpcError(ctx, streaming, RpcException.from(e));
        } catch (ExecBackend.BackendUnavailableException e) {
            rpcError(ctx, streaming, new RpcException(ConnectCode.UNAVAILABLE, e.getMessage()));
        }
    }

    private static void rpcError(Context ctx, boolean streaming, RpcException e) throws IOException {
        if (ctx.res().isCommitted()) {
            log.debug("{} failed after its answer had started: {}", ctx.path(), e.getMessage());
            return;
        }
        if (streaming) {
            new ConnectStream(ctx.res()).fail(e);
        } else {
            ConnectCalls.unaryError(ctx, e);
        }
    }

    /** {@code GET /files?path=&username=}: the file's bytes. */
    void download(Context ctx) throws IOException {
        try {
            E2bSandboxRef sandbox = resolve(ctx, true);
            String absolute = E2bPaths.absolute(sandbox.home(), ctx.queryParam("path"));
            String onVolume = E2bPaths.onVolume(sandbox.home(), absolute);
            try (NodeProxy.ProxyResponse file = files.read(sandbox.target(), onVolume)) {
                ctx.status(200);
                ctx.res().setContentType("application/octet-stream");
                file.headers().forEach((name, values) -> {
                    if (name.equalsIgnoreCase("content-length") && !values.isEmpty()) {
                        ctx.res().setContentLengthLong(Long.parseLong(values.get(0)));
                    }
                });
                file.body().transferTo(ctx.res().getOutputStream());
            }
        } catch (ApiException e) {
            fileError(
                    ctx,
                    e.status() == 409 ? 400 : e.status(),
                    e.status() == 409 ? "path is a directory, not a file" : e.getMessage());
        } catch (RpcException e) {
            fileError(ctx, e.httpStatus(), e.getMessage());
        }
    }

    /** {@code POST /files}: multipart (one part per file, named by its path) or a raw body for {@code path}. */
    void upload(Context ctx) throws IOException {
        try {
            E2bSandboxRef sandbox = resolve(ctx, true);
            String path = ctx.queryParam("path");
            List<Map<String, Object>> written = new ArrayList<>();
            String type = ctx.contentType() == null ? "" : ctx.contentType();
            if (type.startsWith("multipart/form-data")) {
                List<UploadedFile> parts = ctx.uploadedFiles();
                if (parts.isEmpty()) {
                    throw new RpcException(ConnectCode.INVALID_ARGUMENT, "the multipart body has no file part");
                }
                for (UploadedFile part : parts) {
                    String target = parts.size() == 1 && path != null && !path.isEmpty() ? path : part.filename();
                    try (InputStream content = part.content()) {
                        written.add(write(sandbox, target, content, part.size()));
                    }
                }
            } else {
                if (path == null || path.isEmpty()) {
                    throw new RpcException(ConnectCode.INVALID_ARGUMENT, "'path' is required for a raw upload");
                }
                InputStream body = ctx.req().getInputStream();
                long length = ctx.req().getContentLengthLong();
                if ("gzip".equalsIgnoreCase(ctx.header("Content-Encoding"))) {
                    body = new GZIPInputStream(body);
                    length = -1;
                }
                written.add(write(sandbox, path, body, length));
            }
            Json.answer(ctx, 200, written);
        } catch (ApiException e) {
            fileError(ctx, e.status() == 409 ? 400 : e.status(), e.getMessage());
        } catch (RpcException e) {
            fileError(ctx, e.httpStatus(), e.getMessage());
        }
    }

    private Map<String, Object> write(E2bSandboxRef sandbox, String path, InputStream content, long length) {
        if (path == null || path.isEmpty()) {
            throw new RpcException(ConnectCode.INVALID_ARGUMENT, "every file needs a path");
        }
        String absolute = E2bPaths.absolute(sandbox.home(), path);
        String onVolume = E2bPaths.onVolume(sandbox.home(), absolute);
        if (onVolume.isEmpty()) {
            throw new RpcException(ConnectCode.INVALID_ARGUMENT, "'" + absolute + "' is a directory");
        }
        files.write(sandbox.target(), onVolume, content, length);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", E2bPaths.name(absolute));
        info.put("type", "file");
        info.put("path", absolute);
        return info;
    }

    /** envd's error body for its HTTP endpoints. */
    static void fileError(Context ctx, int status, String message) {
        if (!ctx.res().isCommitted()) {
            Json.answer(ctx, status, Map.of("code", status, "message", String.valueOf(message)));
        }
    }

    /** The running sandbox the request names, after checking its access token. */
    E2bSandboxRef resolve(Context ctx, boolean fileCall) {
        String id = ctx.header(ID_HEADER);
        if (id == null || id.isBlank()) {
            String host = ctx.header("Host");
            Matcher m = host == null ? null : HOST.matcher(host);
            id = m != null && m.matches() ? m.group(1) : null;
        }
        if (id == null || id.isBlank()) {
            throw new NotRunningException(
                    "name the sandbox with the E2b-Sandbox-Id header (or the host 49983-<id>.<domain>)");
        }
        Sandbox sandbox = sandboxes.findForUse(id.trim(), E2bEnvd::running);
        if (sandbox == null || sandbox.getMetadata().getDeletionTimestamp() != null) {
            throw new NotRunningException("sandbox '" + id + "' was not found");
        }
        if (!running(sandbox)) {
            throw new NotRunningException("sandbox '" + id + "' is not running (it is "
                    + SandboxView.from(sandbox).phase() + "); connect to it to resume it");
        }
        String uid = sandbox.getMetadata().getUid();
        if (E2bSandboxes.secure(sandbox)
                && !tokens.matches(uid, ctx.header("X-Access-Token"))
                && !(fileCall && signed(ctx, uid))) {
            throw fileCall
                    ? new ApiException(
                            401, "unauthorized", "this sandbox is secure: send its access token (X-Access-Token)", null)
                    : new RpcException(
                            ConnectCode.UNAUTHENTICATED,
                            "this sandbox is secure: send its access token (X-Access-Token)");
        }
        activity.record(sandbox, ActivityKind.E2B);
        return new E2bSandboxRef(
                new SandboxTarget(sandbox.getMetadata().getName(), uid, SandboxTargets.nodeOf(sandbox)),
                E2bSandboxes.home(sandbox));
    }

    private boolean signed(Context ctx, String uid) {
        String operation = ctx.method().name().equals("GET") ? "read" : "write";
        String path = ctx.queryParam("path");
        return E2bAccessTokens.signed(
                tokens.tokenFor(uid),
                path == null ? "" : path,
                operation,
                ctx.queryParam("username"),
                ctx.queryParam("signature"),
                ctx.queryParam("signature_expiration"),
                System.currentTimeMillis() / 1000);
    }

    static boolean running(Sandbox sandbox) {
        return sandbox.getStatus() != null
                && sandbox.getStatus().getPhase() == SandboxPhase.Running
                && sandbox.getStatus().getContainerId() != null
                && sandbox.getMetadata().getDeletionTimestamp() == null;
    }

    /**
     * The user of a call ({@code Authorization: Basic base64(user:)}): E2B's default {@code user} is the sandbox's own
     * user (null); others are passed on for the node to allow or refuse.
     */
    static String user(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.startsWith("Basic ")) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RpcException(ConnectCode.INVALID_ARGUMENT, "malformed Authorization header");
        }
        String name = decoded.contains(":") ? decoded.substring(0, decoded.indexOf(':')) : decoded;
        return name.isEmpty() || name.equals("user") ? null : name;
    }
}
