package dev.sandbox.gateway;

import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxMount;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.ShownPhase;
import java.time.Duration;

/**
 * Where a per-sandbox call goes: the tenant's sandbox on its node, checked to be in a state the call can use (409
 * otherwise, saying what to do), and recorded once as activity of the call's kind.
 */
final class SandboxTargets {
    private final SandboxService sandboxes;
    private final LifecycleHandlers lifecycle;

    SandboxTargets(SandboxService sandboxes, LifecycleHandlers lifecycle) {
        this.sandboxes = sandboxes;
        this.lifecycle = lifecycle;
    }

    /** The tenant's sandbox on its node; 409 when it is on no node yet. */
    SandboxTarget onNode(String tenant, String id, ActivityKind kind) {
        return targetOf(sandboxes.getForUse(tenant, id, kind, SandboxTargets::onNode));
    }

    /**
     * As {@link #onNode}, and 409 unless the sandbox is Running. A paused sandbox is resumed first (and waited for up to
     * {@code resumeWait}) when that is not null; otherwise the 409 says how to resume it.
     */
    SandboxTarget running(String tenant, String id, ActivityKind kind, Duration resumeWait) {
        Sandbox sandbox = sandboxes.getForUse(tenant, id, kind, s -> onNode(s) && running(s));
        SandboxPhase phase = ShownPhase.of(sandbox);
        boolean paused = phase == SandboxPhase.Paused || sandbox.getSpec().getDesiredState() == DesiredState.Paused;
        if (paused && resumeWait != null) {
            sandbox = lifecycle.resumeAndWait(tenant, id, resumeWait);
            phase = ShownPhase.of(sandbox);
        } else if (paused) {
            throw ApiException.conflict("sandbox '" + id
                    + "' is Paused; commands run only in a running sandbox: resume it with POST /v1/sandboxes/"
                    + id + "/resume, or add ?resume=true to this call to resume it and run the command");
        }
        if (!running(sandbox)) {
            throw ApiException.conflict(
                    "sandbox '" + id + "' is " + phase + ", not Running; commands run only in a running sandbox");
        }
        return targetOf(sandbox);
    }

    /**
     * The tenant's sandbox on its node for the file API of one of its volumes, with the volume as the node agent knows
     * it: {@code workspace}, or a network volume by its resource name for the tenant's name of it. A name the sandbox
     * does not mount is a 404, worded as the node agent words it.
     */
    VolumeTarget volume(String tenant, String id, String volumeId) {
        Sandbox sandbox = sandboxes.getForUse(tenant, id, ActivityKind.FILES, SandboxTargets::onNode);
        String onNode = volumeId;
        if (!"workspace".equals(volumeId)) {
            onNode = sandbox.getSpec().getMounts().stream()
                    .filter(m -> TenantVolumes.nameOf(m).equals(volumeId))
                    .map(SandboxMount::volume)
                    .findFirst()
                    .orElseThrow(() -> ApiException.notFound("the sandbox mounts no volume named '"
                            + Errors.quoted(volumeId) + "'; its own is 'workspace'"));
        }
        return new VolumeTarget(targetOf(sandbox), onNode);
    }

    /**
     * A volume of a sandbox as its node knows it.
     *
     * @param volumeOnNode {@code workspace} or the network volume's resource name
     */
    record VolumeTarget(SandboxTarget target, String volumeOnNode) {}

    /** The node the sandbox is on (as reported, else as scheduled), or null when it is on none yet. */
    static String nodeOf(Sandbox sandbox) {
        return sandbox.getStatus() != null && sandbox.getStatus().getNodeName() != null
                ? sandbox.getStatus().getNodeName()
                : sandbox.getSpec().getNodeName();
    }

    static boolean onNode(Sandbox sandbox) {
        return nodeOf(sandbox) != null;
    }

    private static boolean running(Sandbox sandbox) {
        return ShownPhase.of(sandbox) == SandboxPhase.Running
                && sandbox.getStatus() != null
                && sandbox.getStatus().getContainerId() != null;
    }

    private static SandboxTarget targetOf(Sandbox sandbox) {
        String id = sandbox.getMetadata().getName();
        String node = nodeOf(sandbox);
        if (node == null) {
            throw ApiException.conflict("sandbox '" + id + "' is not on a node yet; try again shortly");
        }
        return new SandboxTarget(
                id, sandbox.getMetadata().getUid(), node, sandbox.getSpec().getExecEnv());
    }
}
