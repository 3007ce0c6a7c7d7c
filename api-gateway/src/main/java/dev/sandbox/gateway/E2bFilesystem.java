package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The unary calls of envd's {@code filesystem.Filesystem} service (Stat, MakeDir, Move, ListDir, Remove), each a
 * translation onto the node agent's file API on the sandbox's workspace. Entries are answered as envd's
 * {@code EntryInfo} in protobuf JSON form.
 */
final class E2bFilesystem {
    private final E2bVolumeFiles files;

    E2bFilesystem(E2bVolumeFiles files) {
        this.files = files;
    }

    Object call(String method, E2bSandboxRef sandbox, JsonNode request) {
        return switch (method) {
            case "Stat" -> Map.of("entry", stat(sandbox, ConnectCalls.text(request, "path")));
            case "MakeDir" -> makeDir(sandbox, ConnectCalls.text(request, "path"));
            case "Move" ->
                move(sandbox, ConnectCalls.text(request, "source"), ConnectCalls.text(request, "destination"));
            case "ListDir" ->
                listDir(
                        sandbox,
                        ConnectCalls.text(request, "path"),
                        request.path("depth").asInt(1));
            case "Remove" -> remove(sandbox, ConnectCalls.text(request, "path"));
            default ->
                throw new RpcException(
                        ConnectCode.UNIMPLEMENTED, "filesystem.Filesystem/" + method + " is not implemented");
        };
    }

    /** The entry at {@code path}; {@code not_found} when there is none. */
    Map<String, Object> stat(E2bSandboxRef sandbox, String path) {
        String absolute = E2bPaths.absolute(sandbox.home(), required(path, "path"));
        String onVolume = E2bPaths.onVolume(sandbox.home(), absolute);
        if (onVolume.isEmpty()) {
            return entry(E2bPaths.name(absolute), "directory", 4096, 0755, null, absolute);
        }
        String name = E2bPaths.name(absolute);
        for (E2bVolumeFiles.Entry e : nodeCall(() -> files.list(sandbox.target(), E2bPaths.parent(onVolume)))) {
            if (e.name().equals(name)) {
                return entry(e, absolute);
            }
        }
        throw new RpcException(ConnectCode.NOT_FOUND, "no such file or directory: " + absolute);
    }

    private Object makeDir(E2bSandboxRef sandbox, String path) {
        String absolute = E2bPaths.absolute(sandbox.home(), required(path, "path"));
        String onVolume = E2bPaths.onVolume(sandbox.home(), absolute);
        if (onVolume.isEmpty() || !nodeCall(() -> files.makeDirectory(sandbox.target(), onVolume))) {
            throw new RpcException(ConnectCode.ALREADY_EXISTS, "directory already exists: " + absolute);
        }
        return Map.of("entry", stat(sandbox, absolute));
    }

    private Object move(E2bSandboxRef sandbox, String source, String destination) {
        String from = E2bPaths.absolute(sandbox.home(), required(source, "source"));
        String to = E2bPaths.absolute(sandbox.home(), required(destination, "destination"));
        String fromOnVolume = E2bPaths.onVolume(sandbox.home(), from);
        String toOnVolume = E2bPaths.onVolume(sandbox.home(), to);
        if (fromOnVolume.isEmpty() || toOnVolume.isEmpty()) {
            throw new RpcException(
                    ConnectCode.INVALID_ARGUMENT, "the home directory itself cannot be moved or replaced");
        }
        nodeCall(() -> {
            files.rename(sandbox.target(), fromOnVolume, toOnVolume);
            return null;
        });
        return Map.of("entry", stat(sandbox, to));
    }

    private Object listDir(E2bSandboxRef sandbox, String path, int depth) {
        if (depth < 1) {
            depth = 1;
        }
        String absolute = E2bPaths.absolute(sandbox.home(), required(path, "path"));
        String onVolume = E2bPaths.onVolume(sandbox.home(), absolute);
        List<Map<String, Object>> entries = new ArrayList<>();
        collect(sandbox, onVolume, absolute, depth, entries);
        return Map.of("entries", entries);
    }

    private void collect(
            E2bSandboxRef sandbox, String onVolume, String absolute, int depth, List<Map<String, Object>> into) {
        List<E2bVolumeFiles.Entry> listed;
        try {
            listed = files.list(sandbox.target(), onVolume);
        } catch (ApiException e) {
            throw e.status() == 409
                    ? new RpcException(ConnectCode.INVALID_ARGUMENT, "not a directory: " + absolute)
                    : RpcException.from(e);
        }
        for (E2bVolumeFiles.Entry e : listed) {
            String childPath = E2bPaths.child(absolute, e.name());
            into.add(entry(e, childPath));
            if (depth > 1 && e.type().equals("directory")) {
                collect(sandbox, E2bPaths.child(onVolume, e.name()), childPath, depth - 1, into);
            }
        }
    }

    private Object remove(E2bSandboxRef sandbox, String path) {
        String absolute = E2bPaths.absolute(sandbox.home(), required(path, "path"));
        String onVolume = E2bPaths.onVolume(sandbox.home(), absolute);
        if (onVolume.isEmpty()) {
            throw new RpcException(ConnectCode.INVALID_ARGUMENT, "the home directory itself cannot be removed");
        }
        nodeCall(() -> {
            files.delete(sandbox.target(), onVolume);
            return null;
        });
        return Map.of();
    }

    static Map<String, Object> entry(E2bVolumeFiles.Entry e, String absolute) {
        return entry(e.name(), e.type(), e.size(), e.mode(), e.modifiedAt(), absolute);
    }

    /** envd's EntryInfo: int64 {@code size} as a string, enums by name, as protobuf's JSON mapping wants them. */
    static Map<String, Object> entry(
            String name, String type, long size, int mode, String modifiedAt, String absolute) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put(
                "type",
                switch (type) {
                    case "file" -> "FILE_TYPE_FILE";
                    case "directory" -> "FILE_TYPE_DIRECTORY";
                    case "symlink" -> "FILE_TYPE_SYMLINK";
                    default -> "FILE_TYPE_UNSPECIFIED";
                });
        entry.put("path", absolute);
        entry.put("size", Long.toString(size));
        entry.put("mode", mode);
        entry.put("permissions", permissions(type, mode));
        entry.put("owner", "user");
        entry.put("group", "user");
        if (modifiedAt != null) {
            entry.put("modifiedTime", modifiedAt);
        }
        return entry;
    }

    private static String permissions(String type, int mode) {
        StringBuilder text = new StringBuilder(type.equals("directory") ? "d" : type.equals("symlink") ? "l" : "-");
        String letters = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            text.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        return text.toString();
    }

    private static String required(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new RpcException(ConnectCode.INVALID_ARGUMENT, "'" + field + "' is required");
        }
        return value;
    }

    /** Runs a node call, turning the node's errors into Connect errors. */
    static <T> T nodeCall(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ApiException e) {
            throw RpcException.from(e);
        }
    }
}
