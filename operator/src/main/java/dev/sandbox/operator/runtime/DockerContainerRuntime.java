package dev.sandbox.operator.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.BlkioStatEntry;
import com.github.dockerjava.api.model.BlkioStatsConfig;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.StatisticNetworksConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ContainerRuntime} on a Docker engine through docker-java. */
public final class DockerContainerRuntime implements ContainerRuntime, ContainerIo {
    private static final Logger log = LoggerFactory.getLogger(DockerContainerRuntime.class);
    private static final String NEVER = "0001-01-01T00:00:00Z";
    /** Docker answers a no-stream stats call after about a second; much longer means the engine is in trouble. */
    private static final Duration STATS_TIMEOUT = Duration.ofSeconds(10);
    /** CPU use of a stats call covers at least this much time... */
    private static final Duration CPU_WINDOW_MIN = Duration.ofMillis(200);
    /** ...and at most this much, when an earlier reading is reused... */
    private static final Duration CPU_WINDOW_MAX = Duration.ofSeconds(5);
    /** ...else the call waits this long for a second reading. */
    private static final Duration CPU_WINDOW_FRESH = Duration.ofMillis(250);

    private static final int STATS_MAX_BYTES = 1 << 20;
    /** docker-java's model classes carry Jackson annotations; unknown fields of newer engines are ignored. */
    private static final com.fasterxml.jackson.databind.ObjectMapper STATS_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Control calls: bounded, so a hung engine turns into an error instead of a stuck reconcile. */
    private final DockerClient control;
    /** Streams (events, exec output, pulls): no response timeout, since they legitimately stay open. */
    private final DockerClient streams;

    private final String dockerHost;
    /** Engine address for the raw exec streams (see {@link EngineSocket}). */
    private final String engineHost;

    private final boolean engineUsesTls;
    /**
     * What the last image inspect and volume create told, for the steps of a create that follow right after (the image's
     * user, the workspace's mount point): a few seconds at most, so a re-tagged image is read afresh.
     */
    private final RecentFacts recent = new RecentFacts(Duration.ofSeconds(5));

    private final CgroupStats cgroups = CgroupStats.host();
    /** The last reading per container taken for {@link #currentStats}, for the CPU use of the next one. */
    private final Map<String, ContainerStats> lastReadings = new ConcurrentHashMap<>();
    /** Runs the ticks of every stats stream read from cgroup files (each tick reads a few small files). */
    private final ScheduledExecutorService statsTicker = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "stats-streams");
        t.setDaemon(true);
        return t;
    });

    private final DockerSnapshots snapshots;

    /** Workspace file systems of their own (see {@link DiskImages}). */
    private final DiskImages disks;

    /** A runtime whose volumes get file systems of their own as {@link dev.sandbox.operator.DiskConfig#defaults()} says. */
    public DockerContainerRuntime(String dockerHost) {
        this(dockerHost, DiskImages.of(dev.sandbox.operator.DiskConfig.defaults()));
    }

    public DockerContainerRuntime(String dockerHost, DiskImages disks) {
        this.disks = disks;
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .build();
        this.dockerHost = dockerHost;
        this.engineHost = config.getDockerHost().toString();
        this.engineUsesTls = config.getSSLConfig() != null;
        this.control = DockerClientImpl.getInstance(
                config,
                new ZerodepDockerHttpClient.Builder()
                        .dockerHost(config.getDockerHost())
                        .connectionTimeout(Duration.ofSeconds(5))
                        .responseTimeout(Duration.ofSeconds(120))
                        .maxConnections(64)
                        .build());
        this.streams = DockerClientImpl.getInstance(
                config,
                new ZerodepDockerHttpClient.Builder()
                        .dockerHost(config.getDockerHost())
                        .connectionTimeout(Duration.ofSeconds(5))
                        .maxConnections(256)
                        .build());
        this.snapshots = new DockerSnapshots(control, dockerHost, disks::dataDirectory);
    }

    @Override
    public void ping() {
        call("ping", () -> control.pingCmd().exec());
    }

    @Override
    public NodeCapacity capacity() {
        var info = call("info", () -> control.infoCmd().exec());
        return new NodeCapacity(
                info.getNCPU() == null ? 1 : info.getNCPU(), info.getMemTotal() == null ? 0 : info.getMemTotal());
    }

    @Override
    public Optional<ContainerState> inspect(String containerName) {
        try {
            InspectContainerResponse r = call(
                    "inspect container",
                    () -> control.inspectContainerCmd(containerName).exec());
            return Optional.of(toState(r));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<ContainerState> list(Map<String, String> labels) {
        List<Container> containers = call(
                "list containers",
                () -> control.listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(labels)
                        .exec());
        List<ContainerState> states = new ArrayList<>();
        for (Container c : containers) {
            String name = c.getNames() == null || c.getNames().length == 0
                    ? c.getId()
                    : c.getNames()[0].replaceFirst("^/", "");
            states.add(new ContainerState(
                    c.getId(),
                    name,
                    c.getState(),
                    null,
                    false,
                    null,
                    null,
                    null,
                    c.getLabels() == null ? Map.of() : c.getLabels(),
                    List.of(),
                    null,
                    List.of()));
        }
        return states;
    }

    @Override
    public boolean ensureImage(String image) {
        if (imageExists(image)) {
            return false;
        }
        log.info("image {} is not on this node; pulling it", image);
        try {
            streams.pullImageCmd(withDefaultTag(image))
                    .exec(new PullImageResultCallback())
                    .awaitCompletion(10, TimeUnit.MINUTES);
            call("inspect image", () -> control.inspectImageCmd(image).exec());
            return true;
        } catch (NotFoundException | DockerClientException e) {
            throw new ImageNotFoundException(
                    "image " + image + " is not on the node and could not be pulled: " + firstLine(e.getMessage()), e);
        } catch (DockerException e) {
            if (e.getHttpStatus() >= 500 || e.getHttpStatus() == 404) {
                throw new ImageNotFoundException(
                        "image " + image + " is not on the node and could not be pulled: " + firstLine(e.getMessage()),
                        e);
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeUnavailableException("interrupted while pulling " + image, e);
        }
    }

    @Override
    public boolean imageExists(String image) {
        try {
            var inspected =
                    call("inspect image", () -> control.inspectImageCmd(image).exec());
            recent.put(
                    "image-user:" + image,
                    inspected.getConfig() == null || inspected.getConfig().getUser() == null
                            ? ""
                            : inspected.getConfig().getUser());
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public String buildImage(String tag, Map<String, String> files, Map<String, String> labels) {
        StringBuilder output = new StringBuilder();
        BuildImageResultCallback callback = new BuildImageResultCallback() {
            @Override
            public void onNext(BuildResponseItem item) {
                synchronized (output) {
                    if (item.getStream() != null) {
                        output.append(item.getStream());
                    }
                    if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) {
                        output.append(item.getErrorDetail().getMessage()).append('\n');
                    }
                    if (output.length() > 256 * 1024) {
                        output.delete(0, output.length() - 128 * 1024);
                    }
                }
                super.onNext(item);
            }
        };
        try {
            streams.buildImageCmd(new ByteArrayInputStream(TarFiles.write(files)))
                    .withTags(Set.of(tag))
                    .withLabels(labels)
                    .withRemove(true)
                    .withForcerm(true)
                    .exec(callback)
                    .awaitImageId(30, TimeUnit.MINUTES);
            synchronized (output) {
                return output.toString();
            }
        } catch (DockerClientException | DockerException e) {
            String log;
            synchronized (output) {
                log = output.toString();
            }
            throw new ImageBuildException("building image " + tag + " failed: " + firstLine(e.getMessage()), log, e);
        }
    }

    @Override
    public String logTail(String containerId, int lines) {
        StringBuilder text = new StringBuilder();
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (text) {
                    if (text.length() < 64 * 1024) {
                        text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                }
            }
        };
        try (callback) {
            streams.logContainerCmd(containerId)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withTail(lines)
                    .exec(callback);
            callback.awaitCompletion(10, TimeUnit.SECONDS);
        } catch (NotFoundException e) {
            return "";
        } catch (IOException e) {
            log.debug("closing the log stream of {} failed", containerId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (text) {
            return text.toString();
        }
    }

    @Override
    public String imageUser(String image) {
        String known = recent.get("image-user:" + image);
        if (known != null) {
            return known;
        }
        var config = call("inspect image", () -> control.inspectImageCmd(image).exec())
                .getConfig();
        return config == null || config.getUser() == null ? "" : config.getUser();
    }

    @Override
    public void ensureVolume(String name, long diskBytes, Map<String, String> labels) {
        if (diskBytes > 0 && disks.enabled() && !plainVolumeExists(name)) {
            Path data = disks.ensure(name, diskBytes);
            createBoundVolume(name, data, labels);
            recent.put("volume-mountpoint:" + name, data.toString());
            return;
        }
        // Creating a local volume that exists already hands back the existing one, unchanged: no need to look first.
        var created = call(
                "create volume",
                () -> control.createVolumeCmd()
                        .withName(name)
                        .withDriver("local")
                        .withLabels(labels)
                        .exec());
        if (created.getMountpoint() != null) {
            recent.put("volume-mountpoint:" + name, created.getMountpoint());
        }
    }

    /**
     * Whether the volume exists as a plain Docker volume, made before file systems of their own (or while they were off):
     * it is kept as it is, with its data, rather than replaced.
     */
    private boolean plainVolumeExists(String name) {
        if (disks.dataDirectory(name).isPresent()) {
            return false;
        }
        try {
            call("inspect volume", () -> control.inspectVolumeCmd(name).exec());
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * A local volume that binds our own file system's data directory. Only ever a directory the operator made under its
     * disk directory: never anything a request names.
     */
    private void createBoundVolume(String name, Path data, Map<String, String> labels) {
        Map<String, String> options = Map.of("type", "none", "o", "bind", "device", data.toString());
        call(
                "create volume",
                () -> control.createVolumeCmd()
                        .withName(name)
                        .withDriver("local")
                        .withDriverOpts(options)
                        .withLabels(labels)
                        .exec());
    }

    @Override
    public void ensureSharedDisk(String name, long diskBytes, Map<String, String> labels) {
        if (!disks.enabled() || plainVolumeExists(name)) {
            ensureSharedVolume(name, "local", Map.of(), labels);
            return;
        }
        Path data = disks.ensure(name, diskBytes);
        boolean fresh;
        try {
            fresh = Files.getAttribute(data, "unix:mode").equals(040755)
                    && (Integer) Files.getAttribute(data, "unix:uid") == 0;
            if (fresh) {
                // Sandboxes of any user share it: writable by all, with the sticky bit, as /tmp is.
                Files.setAttribute(data, "unix:mode", 01777);
            }
        } catch (IOException e) {
            log.warn(
                    "cannot open shared volume {} to all sandbox users ({}); only root in a sandbox can write it",
                    name,
                    e.toString());
        }
        createBoundVolume(name, data, labels);
    }

    @Override
    public Optional<DiskImages.Usage> diskUsage(String volumeName) {
        return disks.usage(volumeName);
    }

    @Override
    public boolean diskLimitsEnforced() {
        return disks.enabled();
    }

    @Override
    public List<String> diskVolumes() {
        return disks.volumes();
    }

    @Override
    public void releaseDisk(String volumeName) {
        disks.release(volumeName);
    }

    @Override
    public void ensureSharedVolume(
            String name, String driver, Map<String, String> options, Map<String, String> labels) {
        try {
            call("inspect volume", () -> control.inspectVolumeCmd(name).exec());
        } catch (NotFoundException e) {
            try {
                call(
                        "create volume",
                        () -> control.createVolumeCmd()
                                .withName(name)
                                .withDriver(driver)
                                .withDriverOpts(options)
                                .withLabels(labels)
                                .exec());
            } catch (DockerException refused) {
                throw new VolumeRefusedException(
                        "Docker refused to create volume " + name + " with driver " + driver + ": "
                                + firstLine(refused.getMessage()),
                        refused);
            }
            if ("local".equals(driver) && !options.containsKey("type")) {
                // Sandboxes of any user share it: make the root writable by all, with the sticky bit, as /tmp is.
                String mountpoint = call(
                                "inspect volume",
                                () -> control.inspectVolumeCmd(name).exec())
                        .getMountpoint();
                try {
                    Files.setPosixFilePermissions(Path.of(mountpoint), PosixFilePermissions.fromString("rwxrwxrwx"));
                    Files.setAttribute(Path.of(mountpoint), "unix:mode", 01777);
                } catch (IOException | RuntimeException notOpened) {
                    log.warn(
                            "cannot open shared volume {} to all sandbox users ({}); only root in a sandbox can write it",
                            name,
                            notOpened.toString());
                }
            }
        }
    }

    @Override
    public long volumeBytes(String name) {
        Optional<DiskImages.Usage> own = disks.usage(name);
        if (own.isPresent()) {
            return own.get().usedBytes();
        }
        String mountpoint = call(
                        "inspect volume", () -> control.inspectVolumeCmd(name).exec())
                .getMountpoint();
        Path root = mountpoint == null ? null : Path.of(mountpoint);
        if (root == null || !Files.isDirectory(root)) {
            return -1;
        }
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException gone) {
                            return 0;
                        }
                    })
                    .sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }

    @Override
    public void ensureNetwork(String name, Map<String, String> labels, List<String> subnets) {
        Map<String, String> options = new HashMap<>(dev.sandbox.operator.network.SandboxNetworking.bridgeOptions(name));
        // A per-sandbox bridge: the sandbox reaches its published ports and (as its firewall rules allow) the outside,
        // never another container. Its interface name is what the node's firewall rules match on.
        options.put("com.docker.network.bridge.enable_icc", "false");
        try {
            Network existing = call(
                    "inspect network",
                    () -> control.inspectNetworkCmd().withNetworkId(name).exec());
            String bridge = options.get("com.docker.network.bridge.name");
            if (existing.getOptions() == null
                    || !bridge.equals(existing.getOptions().get("com.docker.network.bridge.name"))) {
                // Made before bridges were named for the firewall: rules could not match it, so it is replaced (this
                // fails
                // while a container is still attached; the caller retries once the old container is gone).
                log.info("network {} has no firewall-named bridge; replacing it", name);
                call("remove network", () -> control.removeNetworkCmd(name).exec());
                throw new NotFoundException("replaced");
            }
        } catch (NotFoundException e) {
            createNetwork(name, labels, options, subnets);
        }
    }

    private void createNetwork(
            String name, Map<String, String> labels, Map<String, String> options, List<String> subnets) {
        List<String> choices = subnets.isEmpty() ? java.util.Collections.singletonList(null) : subnets;
        DockerException last = null;
        for (String subnet : choices) {
            try {
                call("create network", () -> {
                    var create = control.createNetworkCmd()
                            .withName(name)
                            .withDriver("bridge")
                            .withLabels(labels)
                            .withCheckDuplicate(true)
                            .withOptions(options);
                    if (subnet != null) {
                        // The first address is the bridge's own (the sandbox's gateway), as the engine would choose it.
                        dev.sandbox.crd.Ipv4Cidr cidr = dev.sandbox.crd.Ipv4Cidr.parse(subnet);
                        String gateway = new dev.sandbox.crd.Ipv4Cidr(cidr.address() + 1, 32)
                                .toString()
                                .replace("/32", "");
                        create = create.withIpam(new Network.Ipam()
                                .withConfig(new Network.Ipam.Config()
                                        .withSubnet(subnet)
                                        .withGateway(gateway)));
                    }
                    return create.exec();
                });
                return;
            } catch (ConflictException exists) {
                log.debug("network {} was created concurrently", name);
                return;
            } catch (DockerException refused) {
                // The engine refuses a subnet that overlaps one in use (another sandbox's, or anything else on the
                // node):
                // the next choice is tried. Anything else is not about the address and goes to the caller.
                if (subnet == null
                        || !String.valueOf(refused.getMessage())
                                .toLowerCase(java.util.Locale.ROOT)
                                .contains("overlap")) {
                    throw refused;
                }
                last = refused;
            }
        }
        throw new IllegalStateException(
                "no free subnet for network " + name + " among " + choices.size()
                        + " choices of the sandbox network pool (SANDBOX_NETWORK_POOL); make the pool larger",
                last);
    }

    @Override
    public String create(ContainerSpec spec) {
        Ports bindings = new Ports();
        List<ExposedPort> exposed = new ArrayList<>();
        for (ContainerSpec.PublishedPort p : spec.ports()) {
            ExposedPort port = "udp".equals(p.transport())
                    ? ExposedPort.udp(p.containerPort())
                    : ExposedPort.tcp(p.containerPort());
            exposed.add(port);
            bindings.bind(
                    port,
                    p.hostPort() > 0
                            ? Ports.Binding.bindIpAndPort(p.hostIp(), p.hostPort())
                            : Ports.Binding.bindIp(p.hostIp()));
        }
        HostConfig host = HostConfig.newHostConfig()
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges:true"))
                .withPrivileged(false)
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=" + spec.tmpfsTmpBytes() + ",mode=1777"))
                .withMemory(spec.memoryBytes())
                .withMemorySwap(spec.memoryBytes())
                .withNanoCPUs(spec.nanoCpus())
                .withPidsLimit(spec.pidsLimit())
                .withUlimits(List.of(new Ulimit("nofile", spec.nofile(), spec.nofile())))
                .withLogConfig(new LogConfig(
                        LogConfig.LoggingType.JSON_FILE,
                        Map.of("max-size", spec.logMaxSize(), "max-file", Integer.toString(spec.logMaxFiles()))))
                .withRestartPolicy(RestartPolicy.noRestart())
                // A tiny init as PID 1 forwards SIGTERM (so stop is graceful, not a wait for SIGKILL) and reaps
                // zombies.
                .withInit(true)
                .withNetworkMode(spec.network())
                // Sandbox networks are IPv4 only: without IPv6 no link-local address can reach the node's bridge around
                // the
                // IPv4 firewall rules. A sysctl of the sandbox's own network namespace, which it cannot change back.
                .withSysctls("none".equals(spec.network()) ? Map.of() : Map.of("net.ipv6.conf.all.disable_ipv6", "1"))
                .withPortBindings(bindings)
                .withMounts(mounts(spec));
        if (spec.gpu() != null) {
            host.withDeviceRequests(List.of(gpuRequest(spec.gpu())));
        }
        CreateContainerCmd cmd = control.createContainerCmd(spec.image())
                .withName(spec.name())
                .withEnv(spec.env())
                .withLabels(spec.labels())
                .withExposedPorts(exposed)
                .withHostConfig(host);
        if (spec.entrypoint() != null) {
            cmd.withEntrypoint(spec.entrypoint());
        }
        if (spec.command() != null) {
            cmd.withCmd(spec.command());
        }
        try {
            return call("create container", cmd::exec).getId();
        } catch (ConflictException e) {
            // Created by an earlier attempt that did not get to record it: adopt it instead of making a second one, but
            // only if it carries the same owner; a same-named container of anything else is never taken over.
            ContainerState existing = inspect(spec.name()).orElseThrow(() -> e);
            String owner = existing.labels().get("sandbox.dev/uid");
            String installation = existing.labels().get("sandbox.dev/installation");
            if (owner == null
                    || !owner.equals(spec.labels().get("sandbox.dev/uid"))
                    || !java.util.Objects.equals(installation, spec.labels().get("sandbox.dev/installation"))) {
                throw new IllegalStateException("a container named " + spec.name()
                        + " already exists and does not belong to this sandbox of this installation");
            }
            return existing.id();
        } catch (DockerException refused) {
            throw EngineRefusals.container(refused);
        }
    }

    private static List<Mount> mounts(ContainerSpec spec) {
        List<Mount> mounts = new ArrayList<>();
        mounts.add(new Mount()
                .withType(MountType.VOLUME)
                .withSource(spec.workspaceVolume())
                .withTarget(spec.workspacePath()));
        for (ContainerSpec.VolumeMount v : spec.volumes()) {
            mounts.add(new Mount()
                    .withType(MountType.VOLUME)
                    .withSource(v.volume())
                    .withTarget(v.target())
                    .withReadOnly(v.readOnly()));
        }
        return mounts;
    }

    private static DeviceRequest gpuRequest(String gpu) {
        DeviceRequest request = new DeviceRequest().withDriver("nvidia").withCapabilities(List.of(List.of("gpu")));
        if ("all".equals(gpu)) {
            return request.withCount(-1);
        }
        if (gpu.matches("[0-9]+")) {
            return request.withCount(Integer.parseInt(gpu));
        }
        return request.withDeviceIds(List.of(gpu.split(",")));
    }

    @Override
    public void prepareWorkspace(String containerId, String volumeName, String imageUser) {
        if (imageUser == null
                || imageUser.isEmpty()
                || imageUser.equals("0")
                || imageUser.equals("root")
                || imageUser.startsWith("0:")
                || imageUser.startsWith("root:")) {
            return;
        }
        int[] ids = resolveUser(containerId, imageUser);
        String known = recent.get("volume-mountpoint:" + volumeName);
        String mountpoint = known != null
                ? known
                : disks.dataDirectory(volumeName)
                        .map(Path::toString)
                        .orElseGet(() -> call(
                                        "inspect volume",
                                        () -> control.inspectVolumeCmd(volumeName)
                                                .exec())
                                .getMountpoint());
        Path dir = mountpoint == null ? null : Path.of(mountpoint);
        try {
            if (dir == null || !Files.isDirectory(dir)) {
                log.warn(
                        "cannot reach workspace volume {} at {} from this process; user {} may not be able to write /workspace"
                                + " (run the operator with the Docker data directory mounted)",
                        volumeName,
                        mountpoint,
                        imageUser);
                return;
            }
            PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
            if (((Integer) Files.getAttribute(dir, "unix:uid")) == 0) {
                Files.setAttribute(dir, "unix:uid", ids[0]);
                Files.setAttribute(dir, "unix:gid", ids[1]);
                view.setPermissions(PosixFilePermissions.fromString("rwxr-x---"));
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            log.warn("cannot hand workspace volume {} to user {}: {}", volumeName, imageUser, e.toString());
        }
    }

    /** Resolves {@code user[:group]} (names or ids) to numeric ids, reading the image's passwd and group files if needed. */
    private int[] resolveUser(String containerId, String user) {
        String[] parts = user.split(":", 2);
        Integer uid = parts[0].matches("[0-9]+") ? Integer.valueOf(parts[0]) : null;
        Integer gid = parts.length > 1 && parts[1].matches("[0-9]+") ? Integer.valueOf(parts[1]) : null;
        if (uid == null || (gid == null)) {
            for (String line : readFile(containerId, "/etc/passwd").split("\n")) {
                String[] f = line.split(":");
                if (f.length >= 4 && (f[0].equals(parts[0]) || f[2].equals(parts[0]))) {
                    uid = uid == null ? Integer.valueOf(f[2]) : uid;
                    gid = gid == null && parts.length == 1 ? Integer.valueOf(f[3]) : gid;
                }
            }
        }
        if (gid == null && parts.length > 1) {
            for (String line : readFile(containerId, "/etc/group").split("\n")) {
                String[] f = line.split(":");
                if (f.length >= 3 && f[0].equals(parts[1])) {
                    gid = Integer.valueOf(f[2]);
                }
            }
        }
        if (uid == null) {
            throw new IllegalStateException("user '" + user + "' of the image is not in its /etc/passwd");
        }
        return new int[] {uid, gid == null ? uid : gid};
    }

    private String readFile(String containerId, String path) {
        try (InputStream tar =
                control.copyArchiveFromContainerCmd(containerId, path).exec()) {
            return TarFiles.firstFileContent(tar);
        } catch (NotFoundException e) {
            return "";
        } catch (IOException e) {
            throw new RuntimeUnavailableException("cannot read " + path + " of container " + containerId, e);
        }
    }

    @Override
    public void start(String containerId) {
        try {
            call("start container", () -> control.startContainerCmd(containerId).exec());
        } catch (NotModifiedException alreadyRunning) {
            log.debug("container {} was already running", containerId);
        } catch (DockerException refused) {
            throw EngineRefusals.container(refused);
        }
    }

    @Override
    public void stop(String containerId, Duration timeout) {
        try {
            streams.stopContainerCmd(containerId)
                    .withTimeout((int) Math.max(0, timeout.toSeconds()))
                    .exec();
        } catch (NotModifiedException | NotFoundException alreadyStopped) {
            log.debug("container {} was already stopped or gone", containerId);
        }
    }

    @Override
    public void pause(String containerId) {
        try {
            call("pause container", () -> control.pauseContainerCmd(containerId).exec());
        } catch (ConflictException alreadyPaused) {
            // "is already paused" (or not running: the caller inspects again and sees which).
            log.debug("container {} not paused: {}", containerId, alreadyPaused.getMessage());
        }
    }

    @Override
    public void unpause(String containerId) {
        try {
            call(
                    "unpause container",
                    () -> control.unpauseContainerCmd(containerId).exec());
        } catch (ConflictException notPaused) {
            log.debug("container {} not unpaused: {}", containerId, notPaused.getMessage());
        }
    }

    @Override
    public SnapshotStore snapshots() {
        return snapshots;
    }

    @Override
    public void remove(String containerNameOrId) {
        try {
            call(
                    "remove container",
                    () -> control.removeContainerCmd(containerNameOrId)
                            .withForce(true)
                            .withRemoveVolumes(false)
                            .exec());
        } catch (NotFoundException gone) {
            log.debug("container {} was already removed", containerNameOrId);
        } catch (ConflictException inProgress) {
            // "removal already in progress": the engine finishes it; the next reconcile sees the result.
            log.debug("container {} is being removed already", containerNameOrId);
        }
    }

    @Override
    public void removeVolume(String name) {
        try {
            call("remove volume", () -> control.removeVolumeCmd(name).exec());
        } catch (NotFoundException gone) {
            log.debug("volume {} was already removed", name);
        }
        // Only once the Docker volume is gone: no container can be using the file system any more.
        disks.release(name);
    }

    @Override
    public void removeNetwork(String name) {
        try {
            call("remove network", () -> control.removeNetworkCmd(name).exec());
        } catch (NotFoundException gone) {
            log.debug("network {} was already removed", name);
        }
    }

    @Override
    public List<String> listVolumes(Map<String, String> labels) {
        List<String> filters = new ArrayList<>();
        labels.forEach((k, v) -> filters.add(k + "=" + v));
        var response = call(
                "list volumes",
                () -> control.listVolumesCmd().withFilter("label", filters).exec());
        List<String> names = new ArrayList<>();
        if (response.getVolumes() != null) {
            response.getVolumes().forEach(v -> names.add(v.getName()));
        }
        return names;
    }

    @Override
    public ExecResult exec(String containerId, List<String> command, Duration timeout, int maxOutputBytes) {
        long started = System.nanoTime();
        String execId = call(
                        "create exec",
                        () -> control.execCreateCmd(containerId)
                                .withCmd(command.toArray(String[]::new))
                                .withAttachStdout(true)
                                .withAttachStderr(true)
                                .exec())
                .getId();
        CappedBuffer stdout = new CappedBuffer(maxOutputBytes);
        CappedBuffer stderr = new CappedBuffer(maxOutputBytes);
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                (frame.getStreamType() == StreamType.STDERR ? stderr : stdout).write(frame.getPayload());
            }
        };
        boolean finished;
        try (callback) {
            streams.execStartCmd(execId).exec(callback);
            finished = callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                killExec(execId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killExec(execId);
            throw new RuntimeUnavailableException("interrupted while running a command in " + containerId, e);
        } catch (IOException e) {
            throw new RuntimeUnavailableException("exec stream of " + containerId + " failed", e);
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        Long exitCode = finished
                ? call("inspect exec", () -> control.inspectExecCmd(execId).exec())
                        .getExitCodeLong()
                : null;
        return new ExecResult(
                exitCode == null ? 137 : exitCode.intValue(),
                stdout.text(),
                stderr.text(),
                durationMs,
                !finished,
                stdout.truncated() || stderr.truncated());
    }

    /**
     * Docker has no call to kill an exec'd process, so kill it by its host pid. This works when the operator shares the
     * node's process namespace (dev mode, or the node DaemonSet with hostPID); otherwise the process is left to the
     * sandbox's own limits and the caller still gets a timed-out result.
     */
    private void killExec(String execId) {
        try {
            Long pid = control.inspectExecCmd(execId).exec().getPidLong();
            if (pid == null || pid <= 0) {
                return;
            }
            ProcessHandle.of(pid)
                    .ifPresentOrElse(
                            process -> {
                                process.descendants().forEach(ProcessHandle::destroyForcibly);
                                process.destroyForcibly();
                            },
                            () -> log.warn(
                                    "cannot see process {} of timed-out exec {}; it keeps running until it ends",
                                    pid,
                                    execId));
        } catch (DockerException | RuntimeUnavailableException e) {
            log.warn("cannot kill timed-out exec {}: {}", execId, e.toString());
        }
    }

    @Override
    public Optional<ContainerStats> stats(String containerId) {
        FirstStatistics callback = new FirstStatistics();
        try (callback) {
            // no-stream: Docker answers with one reading (after priming its CPU counters) and closes the response.
            call(
                    "container stats",
                    () -> control.statsCmd(containerId).withNoStream(true).exec(callback));
            if (!callback.awaitCompletion(STATS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RuntimeUnavailableException(
                        "Docker did not report stats of container " + containerId + " within "
                                + STATS_TIMEOUT.toSeconds() + " s",
                        null);
            }
        } catch (NotFoundException | NotModifiedException | ConflictException gone) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeUnavailableException("interrupted while reading stats of " + containerId, e);
        } catch (IOException e) {
            throw new RuntimeUnavailableException("stats stream of " + containerId + " failed", e);
        } catch (RuntimeException e) {
            if (e instanceof DockerException || e instanceof RuntimeUnavailableException || !isConnectionProblem(e)) {
                throw e;
            }
            throw new RuntimeUnavailableException(
                    "Docker engine at " + dockerHost + " is unreachable (container stats): " + e.getMessage(), e);
        }
        return Optional.ofNullable(callback.first).flatMap(DockerContainerRuntime::toStats);
    }

    /**
     * From the container's cgroup files when this process sees them (microseconds, no engine call: hundreds of
     * containers per pass stay cheap), else {@code GET /containers/{id}/stats?stream=false&one-shot=true} on a socket of
     * our own (docker-java cannot ask for one-shot; the engine answers at its next collection, within a second). TLS
     * engines get the primed reading.
     */
    @Override
    public Optional<ContainerStats> statsNow(String containerId) {
        Optional<ContainerStats> fromCgroups = cgroups.read(containerId);
        if (fromCgroups.isPresent()) {
            return fromCgroups;
        }
        if (engineUsesTls) {
            return stats(containerId);
        }
        EngineSocket.Answer answer;
        try (EngineSocket socket = EngineSocket.connect(engineHost)) {
            answer = socket.get("/containers/" + containerId + "/stats?stream=false&one-shot=true", STATS_MAX_BYTES);
        } catch (IOException e) {
            throw new RuntimeUnavailableException(
                    "Docker engine at " + dockerHost + " is unreachable (container stats): " + e.getMessage(), e);
        }
        if (answer.status() == 404 || answer.status() == 409) {
            return Optional.empty();
        }
        if (answer.status() != 200) {
            throw new RuntimeUnavailableException(
                    "the Docker engine answered HTTP " + answer.status() + " to the stats of container " + containerId
                            + ": " + firstLine(answer.body()),
                    null);
        }
        try {
            return toStats(STATS_JSON.readValue(answer.body(), Statistics.class));
        } catch (IOException e) {
            throw new RuntimeUnavailableException(
                    "unreadable stats of container " + containerId + ": " + e.getMessage(), e);
        }
    }

    /** A stream callback that tells {@code onEnd} once how it ended: null when complete, else the failure. */
    private abstract static class EndsOnce<T> extends ResultCallback.Adapter<T> {
        private final AtomicBoolean ended = new AtomicBoolean();
        private final Consumer<Throwable> onEnd;

        EndsOnce(Consumer<Throwable> onEnd) {
            this.onEnd = onEnd;
        }

        @Override
        public void onError(Throwable throwable) {
            if (ended.compareAndSet(false, true)) {
                onEnd.accept(throwable);
            }
            super.onError(throwable);
        }

        @Override
        public void onComplete() {
            if (ended.compareAndSet(false, true)) {
                onEnd.accept(null);
            }
            super.onComplete();
        }
    }

    /** Keeps the first reading; with no-stream there is only one. */
    private static final class FirstStatistics extends ResultCallback.Adapter<Statistics> {
        private volatile Statistics first;

        @Override
        public void onNext(Statistics statistics) {
            if (first == null) {
                first = statistics;
            }
        }
    }

    /** Docker's statistics as a reading; empty for the blank reading of a container that is not running. */
    static Optional<ContainerStats> toStats(Statistics s) {
        String read = s.getRead();
        if (read == null
                || read.startsWith(NEVER.substring(0, 10))
                || s.getMemoryStats() == null
                || s.getCpuStats() == null) {
            // A container that is not running reports an empty reading.
            return Optional.empty();
        }
        CpuStatsConfig cpu = s.getCpuStats();
        CpuStatsConfig pre = s.getPreCpuStats();
        int onlineCpus = cpu.getOnlineCpus() != null
                ? cpu.getOnlineCpus().intValue()
                : cpu.getCpuUsage() != null && cpu.getCpuUsage().getPercpuUsage() != null
                        ? cpu.getCpuUsage().getPercpuUsage().size()
                        : 1;
        MemoryStatsConfig memory = s.getMemoryStats();
        long reclaimable = 0;
        if (memory.getStats() != null) {
            // cgroup v1 reports total_inactive_file, cgroup v2 inactive_file; docker stats subtracts whichever is
            // there.
            Long inactive = memory.getStats().getTotalInactiveFile() != null
                    ? memory.getStats().getTotalInactiveFile()
                    : memory.getStats().getInactiveFile();
            reclaimable = inactive == null ? 0 : inactive;
        }
        long rx = 0;
        long tx = 0;
        if (s.getNetworks() != null) {
            for (StatisticNetworksConfig n : s.getNetworks().values()) {
                rx += n.getRxBytes() == null ? 0 : n.getRxBytes();
                tx += n.getTxBytes() == null ? 0 : n.getTxBytes();
            }
        }
        long blockRead = 0;
        long blockWrite = 0;
        BlkioStatsConfig blkio = s.getBlkioStats();
        if (blkio != null && blkio.getIoServiceBytesRecursive() != null) {
            for (BlkioStatEntry e : blkio.getIoServiceBytesRecursive()) {
                long value = e.getValue() == null ? 0 : e.getValue();
                if ("read".equalsIgnoreCase(e.getOp())) {
                    blockRead += value;
                } else if ("write".equalsIgnoreCase(e.getOp())) {
                    blockWrite += value;
                }
            }
        }
        return Optional.of(new ContainerStats(
                Instant.parse(read),
                cpuTotal(cpu),
                cpuTotal(pre),
                cpu.getSystemCpuUsage() == null ? 0 : cpu.getSystemCpuUsage(),
                pre == null || pre.getSystemCpuUsage() == null ? 0 : pre.getSystemCpuUsage(),
                onlineCpus,
                memory.getUsage() == null ? 0 : memory.getUsage(),
                reclaimable,
                memory.getLimit() == null ? 0 : memory.getLimit(),
                s.getPidsStats() == null || s.getPidsStats().getCurrent() == null
                        ? 0
                        : s.getPidsStats().getCurrent(),
                rx,
                tx,
                blockRead,
                blockWrite));
    }

    private static long cpuTotal(CpuStatsConfig cpu) {
        return cpu == null || cpu.getCpuUsage() == null || cpu.getCpuUsage().getTotalUsage() == null
                ? 0
                : cpu.getCpuUsage().getTotalUsage();
    }

    @Override
    public List<LabelledObject> listLabelledVolumes(Map<String, String> labels) {
        List<String> filters = new ArrayList<>();
        labels.forEach((k, v) -> filters.add(k + "=" + v));
        var response = call(
                "list volumes",
                () -> control.listVolumesCmd().withFilter("label", filters).exec());
        List<LabelledObject> volumes = new ArrayList<>();
        if (response.getVolumes() != null) {
            response.getVolumes()
                    .forEach(v -> volumes.add(new LabelledObject(
                            v.getName(), v.getLabels() == null ? Map.of() : Map.copyOf(v.getLabels()))));
        }
        return volumes;
    }

    @Override
    public List<LabelledObject> listNetworks(Map<String, String> labels) {
        List<String> filters = new ArrayList<>();
        labels.forEach((k, v) -> filters.add(k + "=" + v));
        List<Network> networks = call(
                "list networks",
                () -> control.listNetworksCmd().withFilter("label", filters).exec());
        List<LabelledObject> result = new ArrayList<>();
        for (Network n : networks) {
            result.add(new LabelledObject(n.getName(), n.getLabels() == null ? Map.of() : Map.copyOf(n.getLabels())));
        }
        return result;
    }

    @Override
    public Closeable watchEvents(
            Map<String, String> labels, Consumer<ContainerEvent> listener, Consumer<Throwable> onError) {
        ResultCallback.Adapter<Event> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Event event) {
                Map<String, String> attributes =
                        event.getActor() == null || event.getActor().getAttributes() == null
                                ? Map.of()
                                : event.getActor().getAttributes();
                listener.accept(new ContainerEvent(event.getId(), event.getAction(), attributes));
            }

            @Override
            public void onError(Throwable throwable) {
                onError.accept(throwable);
                super.onError(throwable);
            }
        };
        List<String> filters = new ArrayList<>();
        labels.forEach((k, v) -> filters.add(k + "=" + v));
        streams.eventsCmd()
                .withEventTypeFilter(EventType.CONTAINER)
                .withLabelFilter(filters.toArray(String[]::new))
                .exec(callback);
        return callback;
    }

    @Override
    public String containerUser(String containerId) {
        var config = call(
                        "inspect container",
                        () -> control.inspectContainerCmd(containerId).exec())
                .getConfig();
        return config == null || config.getUser() == null ? "" : config.getUser();
    }

    @Override
    public Optional<VolumeInfo> inspectVolume(String name) {
        try {
            var volume =
                    call("inspect volume", () -> control.inspectVolumeCmd(name).exec());
            // A volume with a file system of its own is reached at that file system, mounted or not in a container.
            String mountpoint = disks.dataDirectory(name).map(Path::toString).orElse(volume.getMountpoint());
            return Optional.of(new VolumeInfo(
                    volume.getName(),
                    mountpoint,
                    volume.getLabels() == null ? Map.of() : Map.copyOf(volume.getLabels())));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public ExecStream startExec(String containerId, ExecCommand command, ExecOutput output) {
        if (engineUsesTls) {
            throw new RuntimeUnavailableException(
                    "streaming exec needs a unix:// or plain tcp:// Docker host; " + dockerHost + " uses TLS", null);
        }
        ExecCreateCmd create = control.execCreateCmd(containerId)
                .withCmd(command.command().toArray(String[]::new))
                .withAttachStdin(command.stdin())
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withTty(command.terminal() != null);
        if (command.user() != null) {
            create.withUser(command.user());
        }
        if (command.workdir() != null) {
            create.withWorkingDir(command.workdir());
        }
        if (!command.env().isEmpty()) {
            create.withEnv(command.env());
        }
        String execId;
        try {
            execId = call("create exec", create::exec).getId();
        } catch (NotFoundException e) {
            throw new ContainerNotRunningException("container " + containerId + " does not exist", e);
        } catch (ConflictException e) {
            throw new ContainerNotRunningException("container " + containerId + " is not running", e);
        }
        EngineSocket socket = null;
        try {
            socket = EngineSocket.connect(engineHost);
            EngineSocket.Answer answer = socket.startExec(execId, command.terminal() != null);
            if (answer.status() == 404 || answer.status() == 409) {
                socket.close();
                throw new ContainerNotRunningException(
                        "container " + containerId + " is not running: "
                                + answer.body().trim(),
                        null);
            }
            if (answer.status() != 101 && answer.status() != 200) {
                socket.close();
                throw new RuntimeUnavailableException(
                        "the Docker engine refused to start exec " + execId + " (HTTP " + answer.status() + "): "
                                + answer.body().trim(),
                        null);
            }
        } catch (IOException e) {
            closeQuietly(socket);
            throw new RuntimeUnavailableException(
                    "Docker engine at " + dockerHost + " is unreachable (start exec): " + e.getMessage(), e);
        }
        if (command.terminal() == null) {
            return new ExecStream(execId, socket, () -> probeExec(execId), command.stdin(), output);
        }
        ExecStream.TerminalResizer resizer = size -> resizeExec(execId, size);
        ExecStream stream = new ExecStream(execId, socket, () -> probeExec(execId), command.stdin(), resizer, output);
        resizeExec(execId, command.terminal());
        return stream;
    }

    /** The engine knows the exec's terminal only once it started; a resize that comes too early or too late is harmless. */
    private void resizeExec(String execId, TerminalSize size) {
        try {
            control.resizeExecCmd(execId).withSize(size.rows(), size.columns()).exec();
        } catch (RuntimeException e) {
            log.debug("resizing the terminal of exec {} failed: {}", execId, e.toString());
        }
    }

    private ExecStream.ExecState probeExec(String execId) {
        InspectExecResponse r =
                call("inspect exec", () -> control.inspectExecCmd(execId).exec());
        Long pid = r.getPidLong();
        Long exit = r.getExitCodeLong();
        return new ExecStream.ExecState(
                Boolean.TRUE.equals(r.isRunning()), pid == null ? 0 : pid, exit == null ? null : exit.intValue());
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException ignored) {
                // Already failing; the original error is what matters.
            }
        }
    }

    @Override
    public Closeable logs(
            String containerId, int tail, boolean follow, Consumer<LogLine> lines, Consumer<Throwable> onEnd) {
        ResultCallback.Adapter<Frame> callback = new EndsOnce<>(onEnd) {
            @Override
            public void onNext(Frame frame) {
                String payload = new String(frame.getPayload(), StandardCharsets.UTF_8);
                for (String line : payload.split("\n", -1)) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    // With timestamps on, every line starts with the engine's RFC 3339 time and a space.
                    int space = line.indexOf(' ');
                    boolean stamped = space > 0
                            && Character.isDigit(line.charAt(0))
                            && line.substring(0, space).endsWith("Z");
                    lines.accept(new LogLine(
                            frame.getStreamType() == StreamType.STDERR,
                            stamped ? line.substring(0, space) : null,
                            stamped ? line.substring(space + 1) : line));
                }
            }
        };
        var cmd = streams.logContainerCmd(containerId)
                .withStdOut(true)
                .withStdErr(true)
                .withTimestamps(true)
                .withFollowStream(follow);
        (tail < 0 ? cmd.withTailAll() : cmd.withTail(tail)).exec(callback);
        return callback;
    }

    /**
     * One reading for the node agent. From the container's cgroup files when this process sees them: CPU use covers the
     * time since this runtime's previous reading of the container when that was 0.2 to 5 s ago (a client polling
     * stats), else the next 250 ms. Otherwise Docker's primed reading, which takes about a second.
     */
    @Override
    public ResourceStats currentStats(String containerId) {
        Optional<ContainerStats> fromCgroups = cgroups.read(containerId);
        if (fromCgroups.isPresent()) {
            return withRecentCpu(containerId, fromCgroups.get()).toResourceStats();
        }
        return stats(containerId)
                .map(ContainerStats::toResourceStats)
                .orElseThrow(
                        () -> new ContainerNotRunningException("container " + containerId + " is not running", null));
    }

    /** {@code now} with CPU counters from a reading 0.2 to 5 s before it: the last one taken here, or one 250 ms on. */
    private ContainerStats withRecentCpu(String containerId, ContainerStats now) {
        ContainerStats previous = lastReadings.get(containerId);
        long age = previous == null
                ? -1
                : Duration.between(previous.readAt(), now.readAt()).toMillis();
        ContainerStats result;
        if (age >= CPU_WINDOW_MIN.toMillis() && age <= CPU_WINDOW_MAX.toMillis()) {
            result = now.since(previous);
        } else {
            try {
                Thread.sleep(CPU_WINDOW_FRESH.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeUnavailableException("interrupted while reading statistics of " + containerId, e);
            }
            // Gone in between: the first reading is all there is (CPU 0).
            result = cgroups.read(containerId).map(later -> later.since(now)).orElse(now);
        }
        lastReadings.put(containerId, result);
        if (lastReadings.size() > 256) {
            Instant stale = Instant.now().minus(CPU_WINDOW_MAX);
            lastReadings.values().removeIf(r -> r.readAt().isBefore(stale));
        }
        return result;
    }

    /**
     * From the cgroup files when this process sees them: the first sample 250 ms after the call, then one a second,
     * each with CPU use since the one before; the stream ends when the container's cgroup goes (it stopped). Otherwise
     * Docker's own stream, whose first sample comes after about a second.
     */
    @Override
    public Closeable streamStats(String containerId, Consumer<ResourceStats> samples, Consumer<Throwable> onEnd) {
        Optional<ContainerStats> first = cgroups.read(containerId);
        if (first.isPresent()) {
            return new CgroupStream(containerId, first.get(), samples, onEnd).start();
        }
        ResultCallback.Adapter<Statistics> callback = new EndsOnce<>(onEnd) {
            @Override
            public void onNext(Statistics statistics) {
                toStats(statistics).ifPresent(reading -> samples.accept(reading.toResourceStats()));
            }
        };
        streams.statsCmd(containerId).withNoStream(false).exec(callback);
        return callback;
    }

    /** Samples of one container read from its cgroup files on the stats ticker, until closed or the container stops. */
    private final class CgroupStream implements Closeable {
        private final String containerId;
        private final Consumer<ResourceStats> samples;
        private final Consumer<Throwable> onEnd;
        private final AtomicBoolean ended = new AtomicBoolean();
        private ContainerStats previous;
        private volatile ScheduledFuture<?> ticks;

        CgroupStream(
                String containerId, ContainerStats first, Consumer<ResourceStats> samples, Consumer<Throwable> onEnd) {
            this.containerId = containerId;
            this.previous = first;
            this.samples = samples;
            this.onEnd = onEnd;
        }

        CgroupStream start() {
            ticks = statsTicker.scheduleAtFixedRate(
                    this::tick, CPU_WINDOW_FRESH.toMillis(), 1000, TimeUnit.MILLISECONDS);
            return this;
        }

        private void tick() {
            if (ended.get()) {
                return;
            }
            Optional<ContainerStats> now = cgroups.read(containerId);
            if (now.isEmpty()) {
                end(null);
                return;
            }
            ContainerStats reading = now.get().since(previous);
            previous = now.get();
            lastReadings.put(containerId, now.get());
            try {
                samples.accept(reading.toResourceStats());
            } catch (RuntimeException e) {
                end(e);
            }
        }

        private void end(Throwable failure) {
            if (ended.compareAndSet(false, true)) {
                cancel();
                onEnd.accept(failure);
            }
        }

        @Override
        public void close() {
            ended.set(true);
            cancel();
        }

        private void cancel() {
            ScheduledFuture<?> t = ticks;
            if (t != null) {
                t.cancel(false);
            }
        }
    }

    @Override
    public InputStream copyOut(String containerId, String path) {
        try {
            // The streams client: a large archive read by a slow client must not hit the control client's timeout.
            return call(
                    "copy from container",
                    () -> streams.copyArchiveFromContainerCmd(containerId, path).exec());
        } catch (NotFoundException e) {
            throw new ContainerPathNotFoundException(
                    "no " + path + " in container " + containerId
                            + " (or it is on a tmpfs such as /tmp, which cannot be read from outside)",
                    e);
        }
    }

    @Override
    public void close() {
        statsTicker.shutdownNow();
        try {
            control.close();
            streams.close();
        } catch (IOException e) {
            log.debug("closing the Docker clients failed", e);
        }
    }

    private ContainerState toState(InspectContainerResponse r) {
        var state = r.getState();
        List<ContainerSpec.PublishedPort> ports = new ArrayList<>();
        if (r.getNetworkSettings() != null && r.getNetworkSettings().getPorts() != null) {
            for (Map.Entry<ExposedPort, Ports.Binding[]> e :
                    r.getNetworkSettings().getPorts().getBindings().entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                for (Ports.Binding b : e.getValue()) {
                    ports.add(new ContainerSpec.PublishedPort(
                            e.getKey().getPort(),
                            Integer.parseInt(b.getHostPortSpec()),
                            b.getHostIp(),
                            e.getKey().getProtocol() == InternetProtocol.UDP ? "udp" : "tcp"));
                }
            }
        }
        Long exit = state.getExitCodeLong();
        return new ContainerState(
                r.getId(),
                r.getName().replaceFirst("^/", ""),
                state.getStatus(),
                exit == null ? null : exit.intValue(),
                Boolean.TRUE.equals(state.getOOMKilled()),
                state.getError() == null || state.getError().isEmpty() ? null : state.getError(),
                time(state.getStartedAt()),
                time(state.getFinishedAt()),
                r.getConfig().getLabels() == null
                        ? Map.of()
                        : new HashMap<>(r.getConfig().getLabels()),
                ports,
                r.getConfig().getUser() == null ? "" : r.getConfig().getUser(),
                volumeMounts(r),
                r.getHostConfig() == null ? null : r.getHostConfig().getNanoCPUs(),
                r.getHostConfig() == null ? null : r.getHostConfig().getMemory());
    }

    @Override
    public void updateLimits(String containerId, long nanoCpus, long memoryBytes) {
        // Memory and memory+swap move together (no swap), in one call, so neither is ever below the other.
        try {
            call(
                    "update container",
                    () -> control.updateContainerCmd(containerId)
                            .withNanoCPUs(nanoCpus)
                            .withMemory(memoryBytes)
                            .withMemorySwap(memoryBytes)
                            .exec());
        } catch (DockerException refused) {
            throw new LimitsRefusedException(refused.getMessage(), refused);
        }
    }

    private static List<ContainerState.VolumeMount> volumeMounts(InspectContainerResponse r) {
        List<ContainerState.VolumeMount> mounts = new ArrayList<>();
        if (r.getMounts() != null) {
            for (InspectContainerResponse.Mount m : r.getMounts()) {
                if (m.getName() != null && m.getDestination() != null) {
                    mounts.add(new ContainerState.VolumeMount(
                            m.getName(), m.getSource(), m.getDestination().getPath(), !Boolean.TRUE.equals(m.getRW())));
                }
            }
        }
        return List.copyOf(mounts);
    }

    private static String time(String dockerTime) {
        return dockerTime == null || dockerTime.isEmpty() || dockerTime.startsWith(NEVER.substring(0, 10))
                ? null
                : dockerTime;
    }

    private static String withDefaultTag(String image) {
        int slash = image.lastIndexOf('/');
        String last = image.substring(slash + 1);
        return last.contains(":") || last.contains("@") ? image : image + ":latest";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).trim();
    }

    /** Runs a Docker call, turning "cannot reach the engine" into {@link RuntimeUnavailableException}. */
    private <T> T call(String what, DockerCall<T> call) {
        try {
            return call.run();
        } catch (DockerException e) {
            throw e;
        } catch (RuntimeException e) {
            if (isConnectionProblem(e)) {
                throw new RuntimeUnavailableException(
                        "Docker engine at " + dockerHost + " is unreachable (" + what + "): " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private static boolean isConnectionProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    @FunctionalInterface
    private interface DockerCall<T> {
        T run();
    }

    /** Collects one output stream up to a byte cap and remembers whether anything was cut. */
    private static final class CappedBuffer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int cap;
        private boolean truncated;

        CappedBuffer(int cap) {
            this.cap = cap;
        }

        synchronized void write(byte[] payload) {
            int room = cap - bytes.size();
            if (payload.length > room) {
                truncated = true;
            }
            bytes.write(payload, 0, Math.max(0, Math.min(room, payload.length)));
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized boolean truncated() {
            return truncated;
        }
    }
}
