package dev.sandbox.gateway;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.Quantities;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxResources;
import dev.sandbox.crd.SandboxSnapshot;
import dev.sandbox.crd.SandboxSnapshotStatus;
import dev.sandbox.crd.SandboxTemplate;
import dev.sandbox.crd.SandboxTemplateSpec;
import dev.sandbox.db.KeyOwner;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * E2B's sandbox lifecycle as changes to Sandbox resources through {@link SandboxService}: create from a template,
 * timeouts as the sandbox's lifetime, pause as stop (the workspace is kept), connect as start. E2B's own fields live in
 * annotations of the resource: the template, the metadata (JSON), whether it is secure, and the home directory.
 */
final class E2bSandboxes {
    private static final Logger log = LoggerFactory.getLogger(E2bSandboxes.class);
    static final String TEMPLATE = "e2b.sandbox.dev/template";
    static final String METADATA = "e2b.sandbox.dev/metadata";
    static final String SECURE = "e2b.sandbox.dev/secure";
    static final String HOME = "e2b.sandbox.dev/home";
    /** The envd version the SDKs are told: the features they gate behind later versions are answered as unsupported. */
    static final String ENVD_VERSION = "0.5.7";
    /** E2B's longest lifetime (24 hours). */
    static final long MAX_TIMEOUT_SECONDS = 86_400;

    private static final Duration READY_WAIT = Duration.ofMinutes(2);

    private final SandboxService sandboxes;
    private final E2bTemplates templates;
    private final E2bAccessTokens tokens;
    private final E2bProcesses processes;

    E2bSandboxes(SandboxService sandboxes, E2bTemplates templates, E2bAccessTokens tokens, E2bProcesses processes) {
        this.sandboxes = sandboxes;
        this.templates = templates;
        this.tokens = tokens;
        this.processes = processes;
    }

    /** {@code POST /sandboxes}: creates the sandbox and answers once it runs. */
    Map<String, Object> create(KeyOwner caller, JsonNode body, boolean secureByDefault) {
        String tenant = caller.tenant();
        String templateId = E2bRequests.text(body, "templateID");
        if (templateId == null || templateId.isBlank()) {
            throw E2bRequests.invalid("'templateID' is required");
        }
        SandboxTemplate resource = sandboxes.template(templateId);
        SandboxSnapshot snapshot = resource == null ? snapshot(tenant, templateId) : null;
        E2bTemplates.Template template = resource != null
                ? E2bTemplates.of(resource)
                : snapshot != null
                        ? new E2bTemplates.Template(templateId, null, snapshotHome(tenant, snapshot))
                        : templates
                                .resolve(templateId)
                                .orElseThrow(() -> new ApiException(
                                        404,
                                        "not_found",
                                        "template '" + templateId + "' not found; known templates: "
                                                + String.join(", ", templates.names())
                                                + ", the SandboxTemplates of the cluster, or an image reference such as"
                                                + " name:tag",
                                        null));
        long timeout = E2bRequests.seconds(body, "timeout", 15);
        Map<String, String> metadata = E2bRequests.strings(body, "metadata");
        Map<String, String> env = E2bRequests.strings(body, "envVars");
        boolean autoPause = E2bRequests.bool(body, "autoPause", false);
        boolean secure = E2bRequests.bool(body, "secure", secureByDefault) || secureByDefault;
        E2bRequests.unsupported(body);
        CreateSandboxRequest.Network network = E2bNetwork.ofCreate(body);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(TEMPLATE, templateId);
        annotations.put(HOME, template.home());
        if (!metadata.isEmpty()) {
            annotations.put(METADATA, Json.write(metadata));
        }
        if (secure) {
            annotations.put(SECURE, "true");
        }
        CreateSandboxRequest request = resource != null
                ? fromTemplate(resource.getSpec(), env, timeout, autoPause, network)
                : new CreateSandboxRequest(
                        template.image(),
                        null,
                        null,
                        env.isEmpty() ? null : env,
                        new CreateSandboxRequest.Resources(null, null, null, null, timeout, null, null, null),
                        null,
                        null,
                        null,
                        autoPause ? "stop" : null,
                        null,
                        null,
                        snapshot == null ? null : templateId,
                        null,
                        null,
                        network);
        Sandbox created = sandboxes.create(caller, request, annotations);
        String id = created.getMetadata().getName();
        Sandbox ready = sandboxes.await(id, SandboxService::runningOrFailed, READY_WAIT);
        if (ready == null) {
            throw new ApiException(500, "internal", "sandbox '" + id + "' was deleted while it started", null);
        }
        if (ready.getStatus().getPhase() == SandboxPhase.Failed) {
            String reason =
                    ready.getStatus().getReason() + ": " + ready.getStatus().getMessage();
            sandboxes.delete(tenant, id);
            throw new ApiException(
                    500,
                    "internal",
                    "sandbox from template '" + templateId + "' failed to start (" + reason + ")",
                    null);
        }
        log.info(
                "e2b sandbox {} created from template '{}' (image {}), timeout {} s",
                id,
                templateId,
                template.image(),
                timeout);
        return created(ready);
    }

    /**
     * A sandbox as a SandboxTemplate describes it (image or build context, process, environment, limits, ports), with
     * E2B's environment added and E2B's timeout as its lifetime.
     */
    private static CreateSandboxRequest fromTemplate(
            SandboxTemplateSpec t,
            Map<String, String> env,
            long timeout,
            boolean autoPause,
            CreateSandboxRequest.Network network) {
        Map<String, String> environment = new LinkedHashMap<>(t.getEnv());
        environment.putAll(env);
        SandboxResources r = t.getResources();
        List<CreateSandboxRequest.Port> ports = t.getPorts().stream()
                .map(p -> new CreateSandboxRequest.Port(
                        p.getInternal(), p.getExternal(), p.getProtocol(), p.getSubdomain()))
                .toList();
        String policy = autoPause
                ? "stop"
                : t.getShutdownPolicy() == null
                        ? null
                        : t.getShutdownPolicy().name().toLowerCase(java.util.Locale.ROOT);
        return new CreateSandboxRequest(
                t.getImage(),
                t.getCommand() == null ? null : Json.MAPPER.valueToTree(t.getCommand()),
                t.getEntrypoint() == null ? null : Json.MAPPER.valueToTree(t.getEntrypoint()),
                environment.isEmpty() ? null : environment,
                new CreateSandboxRequest.Resources(
                        r.getCpu(),
                        r.getMemory(),
                        r.getDisk(),
                        r.getGpu(),
                        timeout,
                        r.getMaxRetries(),
                        t.getIdleTimeoutSeconds(),
                        null),
                ports,
                t.getBuildContext(),
                null,
                policy,
                null,
                null,
                null,
                null,
                null,
                network);
    }

    /** The tenant's snapshot of this name (E2B starts sandboxes from snapshots by passing their id as the template). */
    private SandboxSnapshot snapshot(String tenant, String name) {
        try {
            return sandboxes.snapshots().readyFor(tenant, name, "templateID");
        } catch (ApiException e) {
            if (e.status() == 404) {
                return null;
            }
            throw E2bRequests.invalid(e.getMessage());
        }
    }

    /** The home directory of the sandbox the snapshot was taken of, while it exists; the workspace otherwise. */
    private String snapshotHome(String tenant, SandboxSnapshot snapshot) {
        try {
            return home(sandboxes.get(tenant, snapshot.getSpec().getSandbox()));
        } catch (ApiException gone) {
            return E2bPaths.WORKSPACE;
        }
    }

    /**
     * {@code POST /sandboxes/{id}/snapshots}: a snapshot of the sandbox's files and image (not its memory), answered once
     * it is taken; its id starts new sandboxes as a template id.
     */
    Map<String, Object> createSnapshot(String tenant, String id, String name) {
        Sandbox source = live(tenant, id);
        SandboxSnapshot created = sandboxes.snapshots().create(tenant, source, name, false);
        SandboxSnapshot settled =
                sandboxes.snapshots().await(created.getMetadata().getName(), Snapshots::settled, READY_WAIT);
        if (settled == null
                || !SandboxSnapshotStatus.READY.equals(settled.getStatus().getPhase())) {
            throw new ApiException(
                    500,
                    "internal",
                    "the snapshot of sandbox '" + id + "' failed"
                            + (settled == null || settled.getStatus() == null
                                    ? ""
                                    : ": " + settled.getStatus().getMessage()),
                    null);
        }
        log.info("e2b snapshot {} taken of sandbox {}", settled.getMetadata().getName(), id);
        return Map.of(
                "snapshotID",
                settled.getMetadata().getName(),
                "names",
                List.of(settled.getMetadata().getName()));
    }

    /** The answer of create and connect. */
    Map<String, Object> created(Sandbox sandbox) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("templateID", templateId(sandbox));
        answer.put("sandboxID", sandbox.getMetadata().getName());
        answer.put("alias", templateId(sandbox));
        answer.put("clientID", "sandbox");
        answer.put("envdVersion", ENVD_VERSION);
        if (secure(sandbox)) {
            answer.put("envdAccessToken", tokens.tokenFor(sandbox.getMetadata().getUid()));
        }
        answer.put("domain", null);
        return answer;
    }

    /** {@code GET /sandboxes/{id}}: E2B's SandboxDetail. */
    Map<String, Object> detail(Sandbox sandbox) {
        Map<String, Object> detail = listed(sandbox);
        if (secure(sandbox)) {
            detail.put("envdAccessToken", tokens.tokenFor(sandbox.getMetadata().getUid()));
        }
        detail.put("domain", null);
        return detail;
    }

    /** E2B's ListedSandbox. */
    Map<String, Object> listed(Sandbox sandbox) {
        SandboxResources r = sandbox.getSpec().getResources();
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("templateID", templateId(sandbox));
        item.put("alias", templateId(sandbox));
        item.put("sandboxID", sandbox.getMetadata().getName());
        item.put("clientID", "sandbox");
        String created = sandbox.getMetadata().getCreationTimestamp();
        String started = sandbox.getStatus() != null && sandbox.getStatus().getStartedAt() != null
                ? sandbox.getStatus().getStartedAt()
                : created;
        item.put("startedAt", started);
        item.put("endAt", endAt(sandbox));
        item.put("cpuCount", (int)
                Math.max(1, Math.ceil(r.getCpu() == null ? SandboxResources.DEFAULT_CPU : r.getCpu())));
        item.put(
                "memoryMB",
                Quantities.parseBytes(r.getMemory() == null ? SandboxResources.DEFAULT_MEMORY : r.getMemory())
                        / (1024 * 1024));
        item.put("diskSizeMB", 0);
        item.put("envdVersion", ENVD_VERSION);
        item.put("metadata", metadata(sandbox));
        item.put("state", state(sandbox));
        return item;
    }

    static String state(Sandbox sandbox) {
        DesiredState desired = sandbox.getSpec().getDesiredState();
        return desired == DesiredState.Stopped || desired == DesiredState.Paused ? "paused" : "running";
    }

    /** From the spec, not the status: a timeout set a moment ago shows at once, before the operator has acted on it. */
    private static String endAt(Sandbox sandbox) {
        Long timeout = sandbox.getSpec().getResources().getTimeoutSeconds();
        String created = sandbox.getMetadata().getCreationTimestamp();
        if (created == null) {
            return Instant.now().toString();
        }
        return timeout == null
                ? Instant.parse(created).plusSeconds(MAX_TIMEOUT_SECONDS).toString()
                : Instant.parse(created).plusSeconds(timeout).toString();
    }

    /**
     * Replaces the sandbox's egress rules (E2B's {@code PUT /sandboxes/{id}/network}); the node rewrites its firewall
     * rules without restarting the sandbox. A sandbox made without a network of its own (through the /v1 API) cannot
     * gain one while it exists.
     */
    void updateNetwork(String tenant, String id, JsonNode body) {
        CreateSandboxRequest.Network network = E2bNetwork.ofUpdate(body);
        Sandbox sandbox = live(tenant, id);
        if (!dev.sandbox.crd.SandboxNetwork.needsBridge(sandbox.getSpec())) {
            throw ApiException.conflict("sandbox '" + id
                    + "' was created without a network of its own; its network cannot change" + " while it exists");
        }
        sandboxes.updateSpec(tenant, id, spec -> spec.setNetwork(SandboxRequests.network(network)));
    }

    /** Sets the sandbox to end {@code seconds} from now (its lifetime is counted from its creation). */
    void setTimeout(String tenant, String id, long seconds) {
        live(tenant, id);
        sandboxes.updateSpec(
                tenant, id, spec -> spec.getResources().setTimeoutSeconds(lifetimeUntil(tenant, id, seconds)));
    }

    private long lifetimeUntil(String tenant, String id, long seconds) {
        String created = sandboxes.get(tenant, id).getMetadata().getCreationTimestamp();
        long age = created == null
                ? 0
                : Math.max(
                        0,
                        Duration.between(Instant.parse(created), Instant.now()).toSeconds());
        return Math.max(1, age + seconds);
    }

    /**
     * {@code POST /sandboxes/{id}/pause}: with {@code keepMemory} (E2B's default) the sandbox is paused by the engine and
     * keeps its processes and memory; without, it is stopped and keeps its files only. A paused sandbox has no lifetime
     * until it is connected to again. False when it was paused already.
     */
    boolean pause(String tenant, String id, boolean keepMemory) {
        Sandbox sandbox = live(tenant, id);
        if (state(sandbox).equals("paused")) {
            return false;
        }
        DesiredState wanted = keepMemory ? DesiredState.Paused : DesiredState.Stopped;
        SandboxPhase settled = keepMemory ? SandboxPhase.Paused : SandboxPhase.Stopped;
        sandboxes.updateSpec(tenant, id, spec -> {
            spec.setDesiredState(wanted);
            spec.getResources().setTimeoutSeconds(null);
        });
        if (!keepMemory) {
            processes.forget(sandbox.getMetadata().getUid());
        }
        sandboxes.await(
                id,
                s -> s.getStatus() != null
                        && (s.getStatus().getPhase() == settled || s.getStatus().getPhase() == SandboxPhase.Failed),
                READY_WAIT);
        log.info("e2b sandbox {} paused ({})", id, keepMemory ? "processes and memory kept" : "stopped, files kept");
        return true;
    }

    /** {@code POST /sandboxes/{id}/connect}: resumes a paused sandbox, sets its timeout, answers once it runs. */
    Map<String, Object> connect(String tenant, String id, JsonNode body) {
        Sandbox sandbox = live(tenant, id);
        long timeout = E2bRequests.seconds(body, "timeout", 0);
        boolean paused = state(sandbox).equals("paused");
        if (paused || timeout > 0) {
            long lifetime = timeout > 0 ? lifetimeUntil(tenant, id, timeout) : lifetimeUntil(tenant, id, 300);
            Long current = sandbox.getSpec().getResources().getTimeoutSeconds();
            sandboxes.updateSpec(tenant, id, spec -> {
                spec.setDesiredState(DesiredState.Running);
                // Connecting never shortens a lifetime (as in E2B): only a later end is written.
                if (current == null ? paused : lifetime > current) {
                    spec.getResources().setTimeoutSeconds(lifetime);
                }
            });
        }
        Sandbox ready = sandboxes.await(
                id,
                s -> E2bEnvd.running(s)
                        || (s.getStatus() != null && s.getStatus().getPhase() == SandboxPhase.Failed),
                READY_WAIT);
        if (ready == null) {
            throw ApiException.notFound("sandbox '" + id + "' not found");
        }
        if (paused) {
            log.info("e2b sandbox {} resumed", id);
        }
        return created(ready);
    }

    /**
     * The tenant's sandbox unless it is gone or going (E2B forgets a killed sandbox at once); 404 otherwise. Recorded
     * as a use of the E2B API.
     */
    Sandbox live(String tenant, String id) {
        Sandbox sandbox = sandboxes.use(tenant, id, ActivityKind.E2B);
        if (sandbox.getMetadata().getDeletionTimestamp() != null) {
            throw ApiException.notFound("sandbox '" + id + "' not found");
        }
        return sandbox;
    }

    void kill(String tenant, String id) {
        Sandbox sandbox = live(tenant, id);
        sandboxes.delete(tenant, id);
        processes.forget(sandbox.getMetadata().getUid());
    }

    /** The template it was made from; for sandboxes made through the /v1 API, their image. */
    static String templateId(Sandbox sandbox) {
        return annotation(
                sandbox,
                TEMPLATE,
                sandbox.getSpec().getImage() != null ? sandbox.getSpec().getImage() : "unknown");
    }

    static boolean secure(Sandbox sandbox) {
        return "true".equals(annotation(sandbox, SECURE, null));
    }

    static String home(Sandbox sandbox) {
        return annotation(sandbox, HOME, E2bPaths.WORKSPACE);
    }

    static Map<String, String> metadata(Sandbox sandbox) {
        String json = annotation(sandbox, METADATA, null);
        if (json == null) {
            return Map.of();
        }
        try {
            return Json.MAPPER.readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (IOException e) {
            return Map.of();
        }
    }

    /** Whether the sandbox's metadata has every pair of {@code wanted}. */
    static boolean matches(Sandbox sandbox, Map<String, String> wanted) {
        Map<String, String> metadata = metadata(sandbox);
        for (Iterator<Map.Entry<String, String>> it = wanted.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, String> e = it.next();
            if (!e.getValue().equals(metadata.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static String annotation(Sandbox sandbox, String key, String fallback) {
        Map<String, String> annotations = sandbox.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(key);
        return value == null ? fallback : value;
    }
}
