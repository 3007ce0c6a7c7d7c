package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxSpec;
import dev.sandbox.db.SandboxEventRecord;
import dev.sandbox.db.SandboxRecords;
import dev.sandbox.operator.CleanupConfig;
import dev.sandbox.operator.model.SandboxNames;
import dev.sandbox.operator.runtime.ContainerRuntime;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator dies at random points, 30 times, while 10 sandboxes are created, recreated (an environment change),
 * stopped, started and some deleted. A "death" is a random call to the Docker engine after which that operator
 * instance gets nothing more done (every later call fails, as if the process were gone) and a new instance takes
 * over. At the end: exactly one container per live sandbox with the environment its spec asks for, nothing left of
 * the deleted ones, every status equal to its spec, and no transition in the history twice.
 */
class OperatorChaosIT {
    static final int SANDBOXES = 10;
    static final int KILLS = 30;
    static final String IMAGE = "sandbox-busybox:local";

    @TempDir
    Path home;

    DevStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** A runtime that stops doing anything from its {@code dieAt}-th call on. */
    static final class Mortal {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicBoolean dead = new AtomicBoolean();
        /** Deaths count only once the instance has started: a process that cannot start is another test. */
        final AtomicBoolean armed = new AtomicBoolean();

        final int dieAt;

        Mortal(int dieAt) {
            this.dieAt = dieAt;
        }

        ContainerRuntime wrap(ContainerRuntime real) {
            return (ContainerRuntime) Proxy.newProxyInstance(
                    ContainerRuntime.class.getClassLoader(),
                    new Class<?>[] {ContainerRuntime.class},
                    (proxy, method, args) -> {
                        if (method.getDeclaringClass() == Object.class) {
                            return method.invoke(real, args);
                        }
                        if (dead.get() || (armed.get() && calls.incrementAndGet() >= dieAt)) {
                            dead.set(true);
                            throw new IllegalStateException("operator process gone (chaos)");
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    @Test
    void theOperatorKilledThirtyTimesMidLifecycleEndsConsistent() {
        long begin = System.nanoTime();
        stack = DevStack.start(
                DevSettings.forTests(
                        home, "chaos-" + UUID.randomUUID().toString().substring(0, 6)),
                c -> c.withResyncInterval(Duration.ofSeconds(2))
                        .withCleanup(new CleanupConfig(
                                Duration.ofSeconds(1),
                                c.cleanup().idleTimeout(),
                                c.cleanup().idleDeleteAfter(),
                                Duration.ZERO)),
                g -> g);
        KubernetesClient client = stack.kubernetesClient();
        Random random = new Random(Long.getLong("chaos.seed", System.nanoTime()));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < SANDBOXES; i++) {
            names.add("chaos-" + i);
        }
        Map<String, String> uids = new HashMap<>();
        // The script each sandbox goes through; one step of it for every sandbox between two deaths, more or less.
        List<String> steps = List.of("create", "env", "stop", "start", "delete-or-env");
        Map<String, Integer> nextStep = new LinkedHashMap<>();
        names.forEach(n -> nextStep.put(n, 0));
        Map<String, String> finalEnv = new HashMap<>();
        Map<String, DesiredState> finalState = new HashMap<>();
        List<String> deleted = new ArrayList<>();

        for (int kill = 0; kill < KILLS; kill++) {
            Mortal mortal = new Mortal(1 + random.nextInt(25));
            stack.restartOperator(mortal::wrap);
            mortal.armed.set(true);
            // Move a few sandboxes one step on while this instance lives.
            for (String name : names) {
                int step = nextStep.get(name);
                if (step >= steps.size() || random.nextInt(3) == 0) {
                    continue;
                }
                nextStep.put(name, step + 1);
                switch (steps.get(step)) {
                    case "create" -> {
                        Sandbox s = new Sandbox();
                        s.setMetadata(new ObjectMetaBuilder()
                                .withName(name)
                                .withNamespace(DevStack.NAMESPACE)
                                .build());
                        SandboxSpec spec = new SandboxSpec();
                        spec.setImage(IMAGE);
                        spec.setEnv(new LinkedHashMap<>(Map.of("STEP", "created")));
                        s.setSpec(spec);
                        uids.put(name, client.resource(s).create().getMetadata().getUid());
                        finalEnv.put(name, "created");
                        finalState.put(name, DesiredState.Running);
                    }
                    case "env" ->
                        edit(
                                client,
                                name,
                                spec -> spec.setEnv(new LinkedHashMap<>(Map.of("STEP", "env-" + name))),
                                finalEnv,
                                "env-" + name);
                    case "stop" -> {
                        edit(client, name, spec -> spec.setDesiredState(DesiredState.Stopped), null, null);
                        finalState.put(name, DesiredState.Stopped);
                    }
                    case "start" -> {
                        edit(client, name, spec -> spec.setDesiredState(DesiredState.Running), null, null);
                        finalState.put(name, DesiredState.Running);
                    }
                    default -> {
                        if (names.indexOf(name) % 3 == 0) {
                            client.resources(Sandbox.class)
                                    .inNamespace(DevStack.NAMESPACE)
                                    .withName(name)
                                    .delete();
                            deleted.add(name);
                        } else {
                            edit(
                                    client,
                                    name,
                                    spec -> spec.setEnv(new LinkedHashMap<>(Map.of("STEP", "last-" + name))),
                                    finalEnv,
                                    "last-" + name);
                        }
                    }
                }
            }
            // This instance dies at its chosen call, or, when it has too little to do for that, after a while of its
            // own.
            long deadline = System.nanoTime()
                    + Duration.ofMillis(300 + random.nextInt(1200)).toNanos();
            while (!mortal.dead.get() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
            mortal.dead.set(true);
        }
        // Finish every script, then a last instance that lives.
        for (String name : names) {
            for (int step = nextStep.get(name); step < steps.size(); step++) {
                String what = steps.get(step);
                if (what.equals("create")) {
                    throw new IllegalStateException("every sandbox is created in the first rounds");
                }
                if (what.equals("env")) {
                    edit(
                            client,
                            name,
                            spec -> spec.setEnv(new LinkedHashMap<>(Map.of("STEP", "env-" + name))),
                            finalEnv,
                            "env-" + name);
                } else if (what.equals("stop")) {
                    edit(client, name, spec -> spec.setDesiredState(DesiredState.Stopped), null, null);
                    finalState.put(name, DesiredState.Stopped);
                } else if (what.equals("start")) {
                    edit(client, name, spec -> spec.setDesiredState(DesiredState.Running), null, null);
                    finalState.put(name, DesiredState.Running);
                } else if (names.indexOf(name) % 3 == 0) {
                    client.resources(Sandbox.class)
                            .inNamespace(DevStack.NAMESPACE)
                            .withName(name)
                            .delete();
                    deleted.add(name);
                }
            }
        }
        stack.restartOperator(r -> r);

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    for (String name : names) {
                        String uid = uids.get(name);
                        List<String> containers = docker("ps", "-aq", "--filter", "label=sandbox.dev/uid=" + uid);
                        if (deleted.contains(name)) {
                            assertThat(client.resources(Sandbox.class)
                                            .inNamespace(DevStack.NAMESPACE)
                                            .withName(name)
                                            .get())
                                    .as(name)
                                    .isNull();
                            assertThat(containers)
                                    .as("containers of deleted %s", name)
                                    .isEmpty();
                            assertThat(docker("volume", "ls", "-q", "--filter", "label=sandbox.dev/uid=" + uid))
                                    .as("volumes of deleted %s", name)
                                    .isEmpty();
                            continue;
                        }
                        Sandbox s = client.resources(Sandbox.class)
                                .inNamespace(DevStack.NAMESPACE)
                                .withName(name)
                                .get();
                        assertThat(s.getStatus()).as(name).isNotNull();
                        assertThat(s.getStatus().getObservedGeneration())
                                .as("%s observed generation", name)
                                .isEqualTo(s.getMetadata().getGeneration());
                        SandboxPhase wanted = finalState.get(name) == DesiredState.Stopped
                                ? SandboxPhase.Stopped
                                : SandboxPhase.Running;
                        assertThat(s.getStatus().getPhase())
                                .as("%s phase (%s)", name, s.getStatus().getMessage())
                                .isEqualTo(wanted);
                        assertThat(containers).as("containers of %s", name).hasSize(1);
                        String env = DockerCli.inspect("container", "inspect", SandboxNames.container(uid))
                                .get("Config")
                                .get("Env")
                                .toString();
                        assertThat(env).as("environment of %s", name).contains("STEP=" + finalEnv.get(name));
                    }
                });

        // The history: each deletion recorded once, and no transition recorded twice in a row.
        SandboxRecords records = new SandboxRecords(stack.dataSource());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String name : names) {
                List<SandboxEventRecord> history = records.history(uids.get(name));
                long deletions =
                        history.stream().filter(e -> e.type().equals("Deleted")).count();
                assertThat(deletions)
                        .as("Deleted rows of %s: %s", name, history)
                        .isEqualTo(deleted.contains(name) ? 1 : 0);
                for (int i = 1; i < history.size(); i++) {
                    SandboxEventRecord a = history.get(i - 1);
                    SandboxEventRecord b = history.get(i);
                    assertThat(a.type() + "/" + a.phase() + "/" + a.reason())
                            .as("%s: the same transition twice in %s", name, history)
                            .isNotEqualTo(b.type() + "/" + b.phase() + "/" + b.reason());
                }
            }
        });
        System.out.printf(
                "operator chaos: %d deaths, %d sandboxes (%d deleted) in %d s%n",
                KILLS, SANDBOXES, deleted.size(), (System.nanoTime() - begin) / 1_000_000_000);
    }

    static void edit(
            KubernetesClient client,
            String name,
            java.util.function.Consumer<SandboxSpec> change,
            Map<String, String> env,
            String value) {
        // The operator writes the same resource meanwhile: an edit that lost the race (409) is made again on a fresh
        // read.
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(Sandbox.class)
                        .inNamespace(DevStack.NAMESPACE)
                        .withName(name)
                        .edit(s -> {
                            change.accept(s.getSpec());
                            return s;
                        });
                break;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 20) {
                    throw e;
                }
            }
        }
        if (env != null) {
            env.put(name, value);
        }
    }

    static List<String> docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return DockerCli.run(command.toArray(String[]::new))
                .output()
                .lines()
                .filter(l -> !l.isBlank())
                .toList();
    }
}
