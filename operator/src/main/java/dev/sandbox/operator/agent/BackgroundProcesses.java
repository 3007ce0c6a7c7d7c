package dev.sandbox.operator.agent;

import dev.sandbox.operator.runtime.ContainerIo;
import dev.sandbox.operator.runtime.ContainerState;
import dev.sandbox.operator.runtime.ExecSignal;
import dev.sandbox.operator.runtime.ExecStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Commands started in the background: they run on after the call that started them, their recent output is kept, and
 * callers can list them, read their output, signal them and wait for them. Kept in the agent's memory: after an
 * operator restart the record is gone (the processes may have ended when their output streams closed).
 */
final class BackgroundProcesses {
    static final int MAX_PER_SANDBOX = 64;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ContainerIo io;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Map<String, Background>> bySandbox = new ConcurrentHashMap<>();

    BackgroundProcesses(ContainerIo io, ScheduledExecutorService scheduler) {
        this.io = io;
        this.scheduler = scheduler;
    }

    /** One background command. */
    final class Background {
        final String id;
        final List<String> command;
        final Instant startedAt = Instant.now();
        final OutputWindow stdout;
        final OutputWindow stderr;
        final ExecStream stream;
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        volatile Instant finishedAt;
        volatile boolean timedOut;

        Background(String id, List<String> command, int outputBytes, ContainerState container, ExecPlan plan) {
            this.id = id;
            this.command = command;
            this.stdout = new OutputWindow(outputBytes);
            this.stderr = new OutputWindow(outputBytes);
            this.stream = io.startExec(
                    container.id(), plan.command(), (isStderr, data) -> (isStderr ? stderr : stdout).append(data));
            var deadline = plan.timeout().isZero()
                    ? null
                    : scheduler.schedule(
                            () -> {
                                timedOut = true;
                                stream.kill();
                            },
                            plan.timeout().toMillis(),
                            TimeUnit.MILLISECONDS);
            // Nothing waits on the chained stage: the callback hands the outcome on through `exit` itself.
            var unused = stream.exit().whenComplete((code, error) -> {
                if (deadline != null) {
                    deadline.cancel(false);
                }
                finishedAt = Instant.now();
                stream.close();
                exit.complete(timedOut ? ExecOutcome.KILLED : error != null || code == null ? -1 : code);
            });
        }

        Map<String, Object> status() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", id);
            body.put("command", command);
            body.put("running", !exit.isDone());
            body.put("exitCode", exit.getNow(null));
            body.put("timedOut", timedOut);
            body.put("startedAt", startedAt.toString());
            body.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
            return body;
        }
    }

    Background start(String uid, ContainerState container, ExecPlan plan) {
        Map<String, Background> mine = bySandbox.computeIfAbsent(uid, u -> new ConcurrentHashMap<>());
        synchronized (mine) {
            if (mine.values().stream().filter(b -> !b.exit.isDone()).count() >= MAX_PER_SANDBOX) {
                throw AgentException.conflict(
                        "the sandbox already runs " + MAX_PER_SANDBOX + " background processes; stop some first");
            }
            while (mine.size() >= MAX_PER_SANDBOX) {
                // Forget the oldest finished one to make room.
                mine.values().stream()
                        .filter(b -> b.exit.isDone())
                        .min(Comparator.comparing(b -> b.startedAt))
                        .ifPresent(b -> mine.remove(b.id));
            }
            Background started =
                    new Background(newId(), plan.command().command(), plan.maxOutputBytes(), container, plan);
            mine.put(started.id, started);
            return started;
        }
    }

    List<Map<String, Object>> list(String uid) {
        List<Map<String, Object>> all = new ArrayList<>();
        bySandbox.getOrDefault(uid, Map.of()).values().stream()
                .sorted(Comparator.comparing(b -> b.startedAt))
                .forEach(b -> all.add(b.status()));
        return all;
    }

    Background get(String uid, String id) {
        Background found = bySandbox.getOrDefault(uid, Map.of()).get(id);
        if (found == null) {
            throw AgentException.notFound("no background process '" + id + "' in this sandbox");
        }
        return found;
    }

    boolean signal(String uid, String id, ExecSignal signal) {
        Background process = get(uid, id);
        if (process.exit.isDone()) {
            throw AgentException.conflict("background process '" + id + "' has ended already");
        }
        return process.stream.signal(signal);
    }

    /** Waits up to {@code timeout} for the process to end; returns its status either way. */
    Map<String, Object> await(String uid, String id, Duration timeout) {
        Background process = get(uid, id);
        try {
            process.exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
            // The status says so.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // Not completed exceptionally by construction; the status shows what is known.
        }
        return process.status();
    }

    /** Kills a running process and forgets it. */
    void remove(String uid, String id) {
        Background process = get(uid, id);
        process.stream.kill();
        bySandbox.getOrDefault(uid, Map.of()).remove(id);
    }

    /** Forgets everything of a sandbox whose container is gone. */
    void forget(String uid) {
        Map<String, Background> gone = bySandbox.remove(uid);
        if (gone != null) {
            gone.values().forEach(b -> b.stream.kill());
        }
    }

    private static String newId() {
        StringBuilder id = new StringBuilder("proc-");
        for (int i = 0; i < 10; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
