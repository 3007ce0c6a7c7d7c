package dev.sandbox.operator.agent;

import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.runtime.ContainerIo;
import dev.sandbox.operator.runtime.ContainerState;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Files on a sandbox's volumes ({@code workspace} for now; NetworkVolumes join once sandboxes can mount them) and zip
 * exports of container folders. All of it works whether the sandbox runs or is stopped.
 */
final class FileEndpoints {
    static final String WORKSPACE = "workspace";
    private static final long MULTIPART_OVERHEAD = 1 << 20;

    private final SandboxLocator locator;
    private final ContainerIo io;
    private final AgentLimits limits;

    FileEndpoints(SandboxLocator locator, ContainerIo io, AgentLimits limits) {
        this.locator = locator;
        this.io = io;
        this.limits = limits;
    }

    /** The volume to read: {@code workspace}, or a network volume the sandbox mounts, by its name. */
    private VolumeFiles volume(Context ctx) {
        return volume(ctx, false);
    }

    /** The volume to change; 409 for a network volume the sandbox mounts read-only. */
    private VolumeFiles writableVolume(Context ctx) {
        return volume(ctx, true);
    }

    private VolumeFiles volume(Context ctx, boolean write) {
        String volumeId = ctx.pathParam("volumeId");
        String uid = ctx.pathParam("uid");
        if (WORKSPACE.equals(volumeId)) {
            return VolumeFiles.open(locator.workspace(uid).mountpoint(), SandboxNames.WORKSPACE_PATH);
        }
        ContainerState container = locator.container(uid);
        ContainerState.VolumeMount mount = locator.networkVolume(container, volumeId);
        if (write && mount.readOnly()) {
            throw AgentException.conflict("the sandbox mounts volume '" + volumeId + "' read-only at "
                    + mount.destination() + "; write through a sandbox that mounts it read-write");
        }
        // Shared by sandboxes of possibly different users: what is written here belongs to this sandbox's user when it
        // is numeric, else to the owner of the volume root.
        return VolumeFiles.open(mount.source(), mount.destination(), numericUser(locator.userOf(container)));
    }

    /** {uid, gid} of a numeric {@code uid[:gid]} user (gid defaults to uid), or null for root, a name or nothing. */
    static int[] numericUser(String user) {
        if (user == null || !user.matches("[0-9]+(:[0-9]+)?")) {
            return null;
        }
        String[] parts = user.split(":");
        int uid = Integer.parseInt(parts[0]);
        int gid = parts.length > 1 ? Integer.parseInt(parts[1]) : uid;
        return uid == 0 ? null : new int[] {uid, gid};
    }

    void list(Context ctx) throws IOException {
        VolumeFiles files = volume(ctx);
        VolumeFiles.Listing listing = files.list(VolumePath.parse(ctx.queryParam("path"), "path", false));
        NodeAgent.json(ctx, 200, listing);
    }

    void makeDirectory(Context ctx) throws IOException {
        VolumeFiles files = writableVolume(ctx);
        List<String> names = VolumePath.parse(ctx.queryParam("path"), "path", true);
        if (names.isEmpty()) {
            throw AgentException.invalid("path", "'path' names the volume root, which exists");
        }
        boolean created = files.makeDirectories(names, "path");
        NodeAgent.json(ctx, created ? 201 : 200, Map.of("path", VolumePath.join(names), "created", created));
    }

    void read(Context ctx) throws IOException {
        VolumeFiles files = volume(ctx);
        VolumeFiles.OpenFile file = files.read(VolumePath.parse(ctx.queryParam("path"), "path", true));
        try (InputStream in = file.content()) {
            ctx.status(200);
            ctx.res().setContentType("application/octet-stream");
            ctx.res().setContentLengthLong(file.size());
            ctx.res().setHeader("Content-Disposition", "attachment; filename=\"" + headerSafe(file.name()) + "\"");
            in.transferTo(ctx.res().getOutputStream());
        }
    }

    void write(Context ctx) throws IOException {
        VolumeFiles files = writableVolume(ctx);
        List<String> names = VolumePath.parse(ctx.queryParam("path"), "path", true);
        checkLength(ctx, 0);
        VolumeFiles.Written written =
                files.write(names, ctx.req().getInputStream(), sha256(ctx), limits.maxUploadBytes());
        NodeAgent.json(ctx, 200, written);
    }

    void delete(Context ctx) throws IOException {
        VolumeFiles files = writableVolume(ctx);
        files.delete(VolumePath.parse(ctx.queryParam("path"), "path", true), QueryFlags.flag(ctx, "recursive"));
        ctx.status(204);
    }

    void rename(Context ctx) throws IOException {
        VolumeFiles files = writableVolume(ctx);
        RenameRequest request = AgentJson.read(ctx.body(), RenameRequest.class);
        List<String> from = VolumePath.parse(request.from(), "from", true);
        List<String> to = VolumePath.parse(request.to(), "to", true);
        files.rename(from, to, Boolean.TRUE.equals(request.overwrite()));
        NodeAgent.json(ctx, 200, Map.of("from", VolumePath.join(from), "to", VolumePath.join(to)));
    }

    /**
     * A file as a raw body or the first file of a multipart form; with {@code extract=true} a zip or tar unpacked into
     * the directory {@code path}.
     */
    void upload(Context ctx) throws IOException {
        VolumeFiles files = writableVolume(ctx);
        boolean extract = QueryFlags.flag(ctx, "extract");
        boolean multipart =
                String.valueOf(ctx.contentType()).toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
        checkLength(ctx, multipart ? MULTIPART_OVERHEAD : 0);
        List<String> names = VolumePath.parse(ctx.queryParam("path"), "path", !multipart);
        InputStream content;
        if (multipart) {
            List<UploadedFile> uploaded = ctx.uploadedFiles();
            if (uploaded.isEmpty()) {
                throw AgentException.invalid("file", "the multipart form has no file part");
            }
            UploadedFile file = uploaded.get(0);
            if (!extract && (names.isEmpty() || files.isDirectory(names))) {
                // Into a directory: keep the uploaded file's own name (only its last part, checked like any path).
                String original = file.filename() == null ? "" : file.filename().replaceAll(".*[/\\\\]", "");
                List<String> name = VolumePath.parse(original, "file", true);
                if (name.isEmpty()) {
                    throw AgentException.invalid("file", "the uploaded file has no name; give 'path' a file name");
                }
                List<String> joined = new ArrayList<>(names);
                joined.addAll(name);
                names = joined;
            }
            content = file.content();
        } else {
            content = ctx.req().getInputStream();
        }
        try (InputStream in = content) {
            if (extract) {
                ArchiveUpload.Extracted extracted = new ArchiveUpload(limits).extract(files, names, in);
                NodeAgent.json(ctx, 201, extracted);
            } else {
                if (names.isEmpty()) {
                    throw AgentException.invalid("path", "'path' names the volume root; name a file");
                }
                NodeAgent.json(ctx, 201, files.write(names, in, sha256(ctx), limits.maxUploadBytes()));
            }
        }
    }

    /** {@code GET .../export?path=/abs/folder}: a zip of a folder in the container, or in the workspace volume. */
    void export(Context ctx) throws IOException {
        String raw = ctx.queryParam("path");
        if (raw == null || raw.isBlank()) {
            throw AgentException.invalid(
                    "path", "'path' is required: an absolute path in the sandbox, such as /workspace");
        }
        if (!raw.startsWith("/")) {
            throw AgentException.invalid(
                    "path", "'path' must be an absolute path in the sandbox, such as /workspace/project");
        }
        List<String> parts = VolumePath.parse(raw.substring(1), "path", true);
        String uid = ctx.pathParam("uid");
        TreeSource source;
        if (!parts.isEmpty() && parts.get(0).equals(SandboxNames.WORKSPACE_PATH.substring(1))) {
            // The workspace is read from the volume: this works with the container stopped, or gone.
            VolumeFiles files = VolumeFiles.open(locator.workspace(uid).mountpoint(), SandboxNames.WORKSPACE_PATH);
            List<String> inVolume = parts.subList(1, parts.size());
            source = visitor -> files.walk(inVolume, visitor);
        } else {
            ContainerState container = locator.container(uid);
            String path = "/" + VolumePath.join(parts);
            String rootName = parts.isEmpty() ? "" : parts.get(parts.size() - 1);
            source = visitor -> walkTar(io.copyOut(container.id(), path), rootName, visitor);
        }
        ZipExport export = new ZipExport(limits.maxExportBytes(), limits.maxExportEntries());
        export.check(source);
        String name = parts.isEmpty() ? "root" : parts.get(parts.size() - 1);
        ctx.status(200);
        ctx.res().setContentType("application/zip");
        ctx.res().setHeader("Content-Disposition", "attachment; filename=\"" + headerSafe(name) + ".zip\"");
        export.write(source, () -> {
            try {
                return ctx.res().getOutputStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Walks a tar from Docker's archive API, whose names start with the folder's own name. */
    static void walkTar(InputStream archive, String rootName, TreeVisitor visitor) throws IOException {
        try (InputStream in = archive) {
            TarReader tar = new TarReader(in);
            for (TarReader.Entry entry = tar.next(); entry != null; entry = tar.next()) {
                String name = entry.name();
                while (name.startsWith("./")) {
                    name = name.substring(2);
                }
                while (name.endsWith("/")) {
                    name = name.substring(0, name.length() - 1);
                }
                String relative;
                if (rootName.isEmpty()) {
                    relative = name;
                } else if (name.equals(rootName)) {
                    relative = entry.isDirectory() ? "" : rootName;
                } else if (name.startsWith(rootName + "/")) {
                    relative = name.substring(rootName.length() + 1);
                } else {
                    continue;
                }
                if (relative.isEmpty()) {
                    continue;
                }
                if (entry.isDirectory()) {
                    visitor.directory(relative);
                } else if (entry.isFile()) {
                    visitor.file(relative, entry.size(), tar.content());
                }
            }
        }
    }

    private void checkLength(Context ctx, long overhead) {
        long length = ctx.req().getContentLengthLong();
        if (length > limits.maxUploadBytes() + overhead) {
            throw AgentException.tooLarge(
                    "path",
                    "the upload of " + length + " bytes is larger than the limit of " + limits.maxUploadBytes()
                            + " bytes");
        }
    }

    private static String sha256(Context ctx) {
        String value = ctx.queryParam("sha256");
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!value.matches("[0-9a-fA-F]{64}")) {
            throw AgentException.invalid("sha256", "'sha256' must be 64 hexadecimal digits");
        }
        return value;
    }

    private static String headerSafe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
