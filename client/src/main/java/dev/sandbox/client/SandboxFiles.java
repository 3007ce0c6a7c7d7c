package dev.sandbox.client;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Files on a sandbox's volumes ({@value SandboxClient#WORKSPACE} is its own, mounted at {@code /workspace}): list,
 * read, write, upload, download, rename, delete, and exporting a folder as a zip. Paths are relative to the volume
 * root and cannot leave it. Files can be read and written while the sandbox is stopped or paused. Get it with
 * {@link SandboxClient#files()}; {@link SandboxClient} offers the same calls under the same names.
 */
public final class SandboxFiles extends GatewayCalls {
    SandboxFiles(Transport transport) {
        super(transport);
    }

    /**
     * Lists a directory on a sandbox volume.
     *
     * @param sandboxId the sandbox id
     * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
     * @param path directory relative to the volume root; {@code ""} for the root
     * @return the entries; fails with {@link SandboxValidationException} (field {@code path}) for a path that would
     *     leave the volume, {@link SandboxNotFoundException} when it does not exist
     */
    public CompletableFuture<DirectoryListing> listDirectory(String sandboxId, String volumeId, String path) {
        String target =
                Routes.sandboxVolume(sandboxId, volumeId) + "/files" + Routes.pathQuery(path == null ? "" : path);
        return transport.get(target, DirectoryListing.class);
    }

    /**
     * Creates a directory on a sandbox volume, with any missing parents ({@code mkdir -p}).
     *
     * @param sandboxId the sandbox id
     * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
     * @param path directory relative to the volume root
     * @return completes when the directory exists
     */
    public CompletableFuture<Void> makeDirectory(String sandboxId, String volumeId, String path) {
        String target = Routes.sandboxVolume(sandboxId, volumeId) + "/directories" + requiredPath(path);
        return transport.callForNothing(transport
                .request(target, transport.timeout())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    /**
     * Reads a whole file from a sandbox volume into memory; use {@link #downloadFile} for large files.
     *
     * @param sandboxId the sandbox id
     * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
     * @param path file relative to the volume root
     * @return its bytes
     */
    public CompletableFuture<byte[]> readFile(String sandboxId, String volumeId, String path) {
        return transport.sendForBytes(fileRequest(sandboxId, volumeId, path, Transport.TRANSFER_TIMEOUT));
    }

    /**
     * Writes a text file (UTF-8) to a sandbox volume, creating or replacing it atomically; missing parent directories
     * are created.
     *
     * @param sandboxId the sandbox id
     * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
     * @param path file relative to the volume root
     * @param content the text
     * @return where it was written, its size and checksum
     */
    public CompletableFuture<FileWriteResult> writeFile(
            String sandboxId, String volumeId, String path, String content) {
        byte[] bytes = Objects.requireNonNull(content, "content").getBytes(StandardCharsets.UTF_8);
        return writeFile(sandboxId, volumeId, path, bytes);
    }

    /**
     * Writes a file to a sandbox volume, creating or replacing it atomically; missing parent directories are created.
     *
     * @param sandboxId the sandbox id
     * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
     * @param path file relative to the volume root
     * @param content the bytes
     * @return where it was written, its size and checksum
     */
    public CompletableFuture<FileWriteResult> writeFile(
            String sandboxId, String volumeId, String path, byte[] content) {
        String target = Routes.sandboxVolume(sandboxId, volumeId) + "/file" + requiredPath(path);
        HttpRequest request = transport
                .request(target, Transport.TRANSFER_TIMEOUT)
                .header("Content-Type", Transport.OCTET_STREAM)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Objects.requireNonNull(content, "content")))
                .build();
        return transport.call(request, FileWriteResult.class);
    }

    /**
     * Uploads a local file to a sandbox volume, streaming it from disk (any size up to the node's limit, 1 GiB by
     * default). Its SHA-256 is computed first and checked by the node, which keeps the file only when it arrived
     * intact.
     *
     * @param sandboxId the sandbox id
     * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
     * @param path target file relative to the volume root
     * @param localFile the file to send
     * @return where it was written, its size and checksum
     */
    public CompletableFuture<FileWriteResult> uploadFile(
            String sandboxId, String volumeId, String path, Path localFile) {
        String target = Routes.sandboxVolume(sandboxId, volumeId) + "/upload" + requiredPath(path);
        return CompletableFuture.supplyAsync(() -> LocalFiles.sha256Of(localFile))
                .thenCompose(checksum -> transport.call(
                        upload(target + "&sha256=" + checksum, localFile, "localFile"), FileWriteResult.class));
    }

    /**
     * Uploads a zip, tar or tar.gz archive and unpacks it into a directory of a sandbox volume. Entries that would land
     * outside that directory make the whole upload fail (nothing is unpacked).
     *
     * @param sandboxId the sandbox id
     * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
     * @param directory target directory relative to the volume root (created when missing)
     * @param archive the local archive
     * @return what was unpacked
     */
    public CompletableFuture<ArchiveUploadResult> uploadArchive(
            String sandboxId, String volumeId, String directory, Path archive) {
        String target = Routes.sandboxVolume(sandboxId, volumeId) + "/upload"
                + Routes.pathQuery(directory == null ? "" : directory) + "&extract=true";
        return transport.call(upload(target, archive, "archive"), ArchiveUploadResult.class);
    }

    /**
     * Downloads a file from a sandbox volume to the local disk, streaming it (any size). The target is written aside
     * and moved into place once complete.
     *
     * @param sandboxId the sandbox id
     * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
     * @param path file relative to the volume root
     * @param target local file to create or replace
     * @return the saved file with its size and SHA-256
     */
    public CompletableFuture<DownloadedFile> downloadFile(String sandboxId, String volumeId, String path, Path target) {
        return transport
                .sendForStream(fileRequest(sandboxId, volumeId, path, transport.timeout()))
                .thenApply(in -> LocalFiles.saveTo(in, target));
    }

    /**
     * Deletes a file, a link or a directory on a sandbox volume.
     *
     * @param sandboxId the sandbox id
     * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
     * @param path what to delete, relative to the volume root
     * @param recursive {@code true} to delete a directory with everything in it
     * @return completes once deleted; fails with {@link SandboxOperationException} (409) for a non-empty directory
     *     without {@code recursive}
     */
    public CompletableFuture<Void> deleteFile(String sandboxId, String volumeId, String path, boolean recursive) {
        String target = Routes.sandboxVolume(sandboxId, volumeId) + "/file" + requiredPath(path)
                + (recursive ? "&recursive=true" : "");
        return transport.delete(target);
    }

    /**
     * Renames or moves a file or directory within a sandbox volume.
     *
     * @param sandboxId the sandbox id
     * @param volumeId {@value SandboxClient#WORKSPACE} for the sandbox's own volume
     * @param from current path relative to the volume root
     * @param to new path relative to the volume root (missing parents are created)
     * @param overwrite {@code true} to replace an existing {@code to}
     * @return completes once moved
     */
    public CompletableFuture<Void> renameFile(
            String sandboxId, String volumeId, String from, String to, boolean overwrite) {
        RenameBody body = new RenameBody(Arguments.required(from, "from"), Arguments.required(to, "to"), overwrite);
        String target = Routes.sandboxVolume(sandboxId, volumeId) + "/rename";
        return transport.callForNothing(transport.jsonRequest("POST", target, body, transport.timeout()));
    }

    /**
     * Exports a folder of a sandbox (running or stopped) as a zip file on the local disk.
     *
     * @param sandboxId the sandbox id
     * @param folderPath absolute path in the sandbox, such as {@code /workspace/project}
     * @param outputZip local file to create or replace
     * @return {@code outputZip}, once complete
     */
    public CompletableFuture<Path> exportContainer(String sandboxId, String folderPath, Path outputZip) {
        return transport
                .sendForStream(exportRequest(sandboxId, folderPath))
                .thenApply(in -> LocalFiles.saveTo(in, outputZip).file());
    }

    /**
     * Exports a folder of a sandbox (running or stopped) as a zip, in memory.
     *
     * @param sandboxId the sandbox id
     * @param folderPath absolute path in the sandbox, such as {@code /workspace/project}
     * @return the zip's bytes
     */
    public CompletableFuture<byte[]> exportContainer(String sandboxId, String folderPath) {
        return transport.sendForBytes(exportRequest(sandboxId, folderPath));
    }

    private HttpRequest fileRequest(String sandboxId, String volumeId, String path, Duration timeout) {
        String target = Routes.sandboxVolume(sandboxId, volumeId) + "/file" + requiredPath(path);
        return transport
                .request(target, timeout)
                .setHeader("Accept", Transport.OCTET_STREAM)
                .GET()
                .build();
    }

    /** A POST that streams {@code localFile} from disk; {@code field} names the argument when the file is missing. */
    private HttpRequest upload(String target, Path localFile, String field) {
        try {
            return transport
                    .request(target, Transport.TRANSFER_TIMEOUT)
                    .header("Content-Type", Transport.OCTET_STREAM)
                    .POST(HttpRequest.BodyPublishers.ofFile(localFile))
                    .build();
        } catch (FileNotFoundException e) {
            throw new SandboxValidationException("no local file " + localFile, field);
        }
    }

    private HttpRequest exportRequest(String sandboxId, String folderPath) {
        String folder = Arguments.absoluteFolder(folderPath);
        String target = Routes.sandbox(sandboxId) + "/export?path=" + Routes.encode(folder);
        return transport
                .request(target, transport.timeout())
                .setHeader("Accept", "application/zip")
                .GET()
                .build();
    }

    private static String requiredPath(String path) {
        return Routes.pathQuery(Arguments.required(path, "path"));
    }

    /** The body of a rename request. */
    record RenameBody(String from, String to, boolean overwrite) {}
}
