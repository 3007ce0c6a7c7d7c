package dev.sandbox.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Network volumes: storage that several sandboxes can mount and that outlives them, with the volume classes an
 * administrator defines, and mounting them into sandboxes. Every failure of these calls that the caller caused
 * arrives as {@link SandboxVolumeException}. Get it with {@link SandboxClient#volumes()}; {@link SandboxClient}
 * offers the same calls under the same names.
 */
public final class NetworkVolumes extends GatewayCalls {
    NetworkVolumes(Transport transport) {
        super(transport);
    }

    /**
     * Creates a network volume: storage that several sandboxes can mount and that outlives them. How it is stored comes
     * from its volume class, which an administrator defines ({@link #listNetworkVolumeClasses()}); the default class
     * {@code local} keeps it on one node (sandboxes that mount it are placed there) in a file system of its own size.
     *
     * @param name the volume's name (lowercase letters, digits and '-')
     * @param className the volume class, or {@code null} for {@code local}
     * @param size a size such as {@code 1g} within the class's bounds, or {@code null} for the class's default
     * @param mountPath the default mount path, or {@code null}
     * @return the new volume; fails with {@link SandboxVolumeException} when the name is taken (status 409) or the
     *     class does not allow it (status 400, {@link SandboxException#field()} {@code className} or {@code size})
     */
    public CompletableFuture<NetworkVolumeInfo> createNetworkVolume(
            String name, String className, String size, String mountPath) {
        return createNetworkVolume(new CreateNetworkVolumeRequest(name, className, size, mountPath, null));
    }

    /**
     * Creates a network volume as described by the request.
     *
     * @param request the volume's name, class, size, default mount path and read-only default
     * @return the new volume
     */
    public CompletableFuture<NetworkVolumeInfo> createNetworkVolume(CreateNetworkVolumeRequest request) {
        if (request == null) {
            throw new SandboxValidationException("name is required", "name");
        }
        Arguments.required(request.name(), "name");
        return volumeCall(transport.sendJson(
                "POST", Routes.NETWORK_VOLUMES, request, transport.timeout(), NetworkVolumeInfo.class));
    }

    /**
     * Lists the volume classes a network volume may name, with their size bounds.
     *
     * @return the classes, by name
     */
    public CompletableFuture<List<NetworkVolumeClassInfo>> listNetworkVolumeClasses() {
        return transport.getItems(Routes.NETWORK_VOLUME_CLASSES, NetworkVolumeClassInfo.class);
    }

    /**
     * Lists the caller's network volumes.
     *
     * @return the volumes
     */
    public CompletableFuture<List<NetworkVolumeInfo>> listNetworkVolumes() {
        return transport.getItems(Routes.NETWORK_VOLUMES, NetworkVolumeInfo.class);
    }

    /**
     * Reads a network volume.
     *
     * @param name the volume's name
     * @return the volume; fails with {@link SandboxVolumeException} when it does not exist
     */
    public CompletableFuture<NetworkVolumeInfo> getNetworkVolume(String name) {
        return volumeCall(transport.get(Routes.networkVolume(name), NetworkVolumeInfo.class));
    }

    /**
     * Deletes a network volume and its data. Fails with {@link SandboxVolumeException} while a sandbox mounts it.
     *
     * @param name the volume's name
     * @return completes once the deletion is accepted
     */
    public CompletableFuture<Void> deleteNetworkVolume(String name) {
        return volumeCall(transport.delete(Routes.networkVolume(name)));
    }

    /**
     * Mounts a network volume into a sandbox, running or stopped, and waits until the mount is live. The container is
     * recreated for it; the workspace is kept.
     *
     * @param sandboxId the sandbox id
     * @param volumeName the network volume's name
     * @param mountPath absolute path inside the sandbox, or {@code null} for the volume's default
     * @param readOnly mount read-only, or {@code null} for the volume's default
     * @return the sandbox with the mount in place
     */
    public CompletableFuture<SandboxInfo> mountVolume(
            String sandboxId, String volumeName, String mountPath, Boolean readOnly) {
        if (volumeName == null || volumeName.isBlank()) {
            throw new SandboxValidationException("volumeName is required", "volume");
        }
        MountBody body = new MountBody(volumeName, mountPath, readOnly);
        String path = Routes.sandbox(sandboxId) + "/mounts?wait=true";
        return volumeCall(transport.sendJson("POST", path, body, transport.waiting(), SandboxInfo.class));
    }

    /**
     * Unmounts a network volume from a sandbox and waits until it is gone from the container. The volume's data stays.
     *
     * @param sandboxId the sandbox id
     * @param volumeName the network volume's name
     * @return the sandbox without the mount
     */
    public CompletableFuture<SandboxInfo> unmountVolume(String sandboxId, String volumeName) {
        String path = Routes.sandbox(sandboxId) + "/mounts/" + Routes.volumeSegment(volumeName) + "?wait=true";
        return volumeCall(transport.call(transport.deleteRequest(path, transport.waiting()), SandboxInfo.class));
    }

    /** The body of a mount request; absent fields take the volume's defaults. */
    record MountBody(String volume, String mountPath, Boolean readOnly) {}

    /**
     * Reports a call's failures as {@link SandboxVolumeException}, keeping status, code and field; authentication,
     * permission and rate-limit answers keep their own types.
     */
    private static <T> CompletableFuture<T> volumeCall(CompletableFuture<T> call) {
        return call.exceptionallyCompose(error -> {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof SandboxException e
                    && !(e instanceof SandboxVolumeException)
                    && e.status() >= 400
                    && e.status() < 500
                    && e.status() != 401
                    && e.status() != 403
                    && e.status() != 429) {
                return CompletableFuture.failedFuture(
                        new SandboxVolumeException(e.getMessage(), e.status(), e.code(), e.field()));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }
}
