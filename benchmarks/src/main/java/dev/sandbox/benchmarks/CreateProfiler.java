package dev.sandbox.benchmarks;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.dev.DevStack;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Times the steps of creates through the gateway, one at a time: the operator's Docker calls (through a
 * {@link RecordingRuntime} on a restarted operator) and the changes of the Sandbox resource (through a watch). What
 * remains between them is the Kubernetes API, JOSDK's scheduling and the gateway.
 */
final class CreateProfiler {
    static final String ID = "profile";
    /** Calls of the node's background work (capacity reports, event stream), not of a create. */
    private static final Set<String> BACKGROUND = Set.of("capacity", "list", "listVolumes", "watchEvents", "ping");

    static final String REST_GET = "REST GET /v1/sandboxes/{id} of a running sandbox";
    static final String KUBE_GET = "Kubernetes API GET of the Sandbox resource (fabric8, in process)";
    static final String REST_CREATE = "REST POST /v1/sandboxes without wait (answers once the resource exists)";

    record Event(String label, long startNanos, long endNanos) {}

    private CreateProfiler() {}

    static CreateBreakdown run(BenchContext ctx) throws InterruptedException {
        DevStack stack = ctx.stack();
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        Map<String, Sandbox> previous = new ConcurrentHashMap<>();
        Map<String, CountDownLatch> runningSeen = new ConcurrentHashMap<>();
        stack.restartOperator(runtime -> RecordingRuntime.wrap(runtime, (method, args, start, end) -> {
            if (!BACKGROUND.contains(method)) {
                events.add(new Event("docker " + method, start, end));
            }
        }));
        Watch watch = stack.kubernetesClient()
                .resources(Sandbox.class)
                .inNamespace(DevStack.NAMESPACE)
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Sandbox sandbox) {
                        long now = System.nanoTime();
                        String name = sandbox.getMetadata().getName();
                        Sandbox before = action == Action.DELETED ? null : previous.put(name, sandbox);
                        if (sandbox.getMetadata().getDeletionTimestamp() != null || action == Action.DELETED) {
                            return;
                        }
                        String change = action == Action.ADDED ? "resource: created" : describe(before, sandbox);
                        events.add(new Event(change, now, now));
                        if (sandbox.getStatus() != null
                                && sandbox.getStatus().getPhase() != null
                                && "Running"
                                        .equals(sandbox.getStatus().getPhase().name())) {
                            runningSeen
                                    .computeIfAbsent(name, n -> new CountDownLatch(1))
                                    .countDown();
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                        // The benchmark closes the watch itself; an early close shows up as missing steps.
                    }
                });
        List<List<Event>> perCreate = new ArrayList<>();
        List<Double> totals = new ArrayList<>();
        Map<String, List<Double>> references = new LinkedHashMap<>();
        try {
            for (int i = 0; i < ctx.settings().profileCreates(); i++) {
                events.clear();
                long t0 = System.nanoTime();
                GatewayApi.SandboxRef ref =
                        ctx.rest().createAndWait(ctx.settings().image());
                long t1 = System.nanoTime();
                // The benchmark's own watch may hear of Running a moment after the gateway's: let it catch up.
                runningSeen
                        .computeIfAbsent(ref.id(), n -> new CountDownLatch(1))
                        .await(5, TimeUnit.SECONDS);
                List<Event> mine = new ArrayList<>();
                synchronized (events) {
                    for (Event e : events) {
                        if (e.startNanos() >= t0) {
                            mine.add(new Event(e.label(), e.startNanos() - t0, e.endNanos() - t0));
                        }
                    }
                }
                mine.add(new Event("answer received by the client", t1 - t0, t1 - t0));
                perCreate.add(mine);
                totals.add((t1 - t0) / 1e6);
                long t = System.nanoTime();
                ctx.rest().get(ref.id());
                references.computeIfAbsent(REST_GET, k -> new ArrayList<>()).add(Alternation.millisSince(t));
                t = System.nanoTime();
                stack.kubernetesClient()
                        .resources(Sandbox.class)
                        .inNamespace(DevStack.NAMESPACE)
                        .withName(ref.id())
                        .get();
                references.computeIfAbsent(KUBE_GET, k -> new ArrayList<>()).add(Alternation.millisSince(t));
                ctx.rest().deleteAndWait(ref.id());
            }
            for (int i = 0; i < ctx.settings().profileCreates(); i++) {
                long t = System.nanoTime();
                String id = ctx.rest().create(ctx.settings().image());
                references.computeIfAbsent(REST_CREATE, k -> new ArrayList<>()).add(Alternation.millisSince(t));
                // Let the operator finish before the next one, as in the timed creates.
                runningSeen.computeIfAbsent(id, n -> new CountDownLatch(1)).await(60, TimeUnit.SECONDS);
                ctx.rest().deleteAndWait(id);
            }
        } finally {
            watch.close();
            stack.restartOperator(UnaryOperator.identity());
        }
        CreateBreakdown steps = summarise(perCreate, totals);
        List<CreateBreakdown.Reference> timed = new ArrayList<>();
        references.forEach((label, ms) -> timed.add(new CreateBreakdown.Reference(
                label, ms.stream().mapToDouble(Double::doubleValue).average().orElse(0), ms.size())));
        return new CreateBreakdown(
                steps.creates(), steps.meanTotalMs(), steps.meanDockerMs(), steps.steps(), List.copyOf(timed));
    }

    /** What changed in a resource between two versions seen on the watch. */
    static String describe(Sandbox before, Sandbox after) {
        List<String> changes = new ArrayList<>();
        if (before == null
                || !Objects.equals(
                        before.getMetadata().getFinalizers(),
                        after.getMetadata().getFinalizers())) {
            changes.add("finalizer added");
        }
        if (before == null
                || !Objects.equals(
                        before.getSpec().getNodeName(), after.getSpec().getNodeName())) {
            changes.add("bound to node");
        }
        String phaseBefore = before == null
                        || before.getStatus() == null
                        || before.getStatus().getPhase() == null
                ? null
                : before.getStatus().getPhase().name();
        String phaseAfter = after.getStatus() == null || after.getStatus().getPhase() == null
                ? null
                : after.getStatus().getPhase().name();
        if (!Objects.equals(phaseBefore, phaseAfter)) {
            changes.add("status " + phaseAfter);
        }
        return "resource: " + (changes.isEmpty() ? "other update" : String.join(", ", changes));
    }

    /** Lines the creates up by step (the n-th occurrence of a label is one step) and averages each. */
    static CreateBreakdown summarise(List<List<Event>> perCreate, List<Double> totals) {
        Map<String, List<double[]>> byStep = new LinkedHashMap<>();
        double docker = 0;
        for (List<Event> create : perCreate) {
            Map<String, Integer> occurrences = new HashMap<>();
            for (Event e : create) {
                int n = occurrences.merge(e.label(), 1, Integer::sum);
                String key = n == 1 ? e.label() : e.label() + " #" + n;
                byStep.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new double[] {e.startNanos() / 1e6, (e.endNanos() - e.startNanos()) / 1e6});
                if (e.label().startsWith("docker ")) {
                    docker += (e.endNanos() - e.startNanos()) / 1e6;
                }
            }
        }
        List<CreateBreakdown.Step> steps = new ArrayList<>();
        byStep.forEach((label, samples) -> steps.add(new CreateBreakdown.Step(
                label,
                samples.stream().mapToDouble(s -> s[0]).average().orElse(0),
                samples.stream().mapToDouble(s -> s[1]).average().orElse(0),
                samples.size())));
        steps.sort((a, b) -> Double.compare(a.meanStartMs(), b.meanStartMs()));
        int n = perCreate.size();
        return new CreateBreakdown(
                n,
                totals.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                n == 0 ? 0 : docker / n,
                steps,
                List.of());
    }
}
