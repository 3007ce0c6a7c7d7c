package dev.sandbox.operator.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Containers} on a Docker engine: create (rendering the spec), start, stop, pause, remove, inspect, events. */
final class DockerContainers implements Containers {
    private static final Logger log = LoggerFactory.getLogger(DockerContainers.class);
    private static final String NEVER = "0001-01-01T00:00:00Z";

    private final DockerEngine engine;
    private final DockerClient control;

    DockerContainers(DockerEngine engine) {
        this.engine = engine;
        this.control = engine.control();
    }

    @Override
    public void ping() {
        engine.call("ping", () -> control.pingCmd().exec());
    }

    @Override
    public NodeCapacity capacity() {
        var info = engine.call("info", () -> control.infoCmd().exec());
        return new NodeCapacity(
                info.getNCPU() == null ? 1 : info.getNCPU(), info.getMemTotal() == null ? 0 : info.getMemTotal());
    }

    @Override
    public Optional<ContainerState> inspect(String containerName) {
        try {
            InspectContainerResponse r = engine.call(
                    "inspect container",
                    () -> control.inspectContainerCmd(containerName).exec());
            return Optional.of(toState(r));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<ContainerState> list(Map<String, String> labels) {
        List<Container> containers = engine.call(
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
            states.add(ContainerState.listed(
                    c.getId(), name, c.getState(), c.getLabels() == null ? Map.of() : c.getLabels()));
        }
        return states;
    }

    @Override
    public String create(ContainerSpec spec) {
        CreateContainerCmd cmd = control.createContainerCmd(spec.image())
                .withName(spec.name())
                .withEnv(spec.env())
                .withLabels(spec.labels())
                .withExposedPorts(HostConfigRenderer.exposedPorts(spec))
                .withHostConfig(HostConfigRenderer.hostConfig(spec));
        if (spec.entrypoint() != null) {
            cmd.withEntrypoint(spec.entrypoint());
        }
        if (spec.command() != null) {
            cmd.withCmd(spec.command());
        }
        try {
            return engine.call("create container", cmd::exec).getId();
        } catch (ConflictException e) {
            // Created by an earlier attempt that did not get to record it: adopt it instead of making a second one, but
            // only if it carries the same owner; a same-named container of anything else is never taken over.
            ContainerState existing = inspect(spec.name()).orElseThrow(() -> e);
            String owner = existing.labels().get("sandbox.dev/uid");
            String installation = existing.labels().get("sandbox.dev/installation");
            if (owner == null
                    || !owner.equals(spec.labels().get("sandbox.dev/uid"))
                    || !Objects.equals(installation, spec.labels().get("sandbox.dev/installation"))) {
                throw new IllegalStateException("a container named " + spec.name()
                        + " already exists and does not belong to this sandbox of this installation");
            }
            return existing.id();
        } catch (DockerException refused) {
            throw EngineRefusals.container(refused);
        }
    }

    @Override
    public void start(String containerId) {
        try {
            engine.call(
                    "start container",
                    () -> control.startContainerCmd(containerId).exec());
        } catch (NotModifiedException alreadyRunning) {
            log.debug("container {} was already running", containerId);
        } catch (DockerException refused) {
            throw EngineRefusals.container(refused);
        }
    }

    @Override
    public void updateLimits(String containerId, long nanoCpus, long memoryBytes) {
        // Memory and memory+swap move together (no swap), in one call, so neither is ever below the other.
        try {
            engine.call(
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

    @Override
    public void stop(String containerId, Duration timeout) {
        try {
            // The streams client: the call lasts as long as the grace period, which may pass the control timeout.
            engine.streams()
                    .stopContainerCmd(containerId)
                    .withTimeout((int) Math.max(0, timeout.toSeconds()))
                    .exec();
        } catch (NotModifiedException | NotFoundException alreadyStopped) {
            log.debug("container {} was already stopped or gone", containerId);
        }
    }

    @Override
    public void pause(String containerId) {
        try {
            engine.call(
                    "pause container",
                    () -> control.pauseContainerCmd(containerId).exec());
        } catch (ConflictException alreadyPaused) {
            // "is already paused" (or not running: the caller inspects again and sees which).
            log.debug("container {} not paused: {}", containerId, alreadyPaused.getMessage());
        }
    }

    @Override
    public void unpause(String containerId) {
        try {
            engine.call(
                    "unpause container",
                    () -> control.unpauseContainerCmd(containerId).exec());
        } catch (ConflictException notPaused) {
            log.debug("container {} not unpaused: {}", containerId, notPaused.getMessage());
        }
    }

    @Override
    public void remove(String containerNameOrId) {
        try {
            engine.call(
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
        engine.streams()
                .eventsCmd()
                .withEventTypeFilter(EventType.CONTAINER)
                .withLabelFilter(filters.toArray(String[]::new))
                .exec(callback);
        return callback;
    }

    /** User the container's processes run as by default ("" for root), as configured in the container. */
    String containerUser(String containerId) {
        var config = engine.call(
                        "inspect container",
                        () -> control.inspectContainerCmd(containerId).exec())
                .getConfig();
        return config == null || config.getUser() == null ? "" : config.getUser();
    }

    private static ContainerState toState(InspectContainerResponse r) {
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

    /** Docker's time, or null for its "never" (year 1). */
    static String time(String dockerTime) {
        return dockerTime == null || dockerTime.isEmpty() || dockerTime.startsWith(NEVER.substring(0, 10))
                ? null
                : dockerTime;
    }
}
