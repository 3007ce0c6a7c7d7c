package dev.sandbox.operator.pool;

import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxPhase;
import dev.sandbox.crd.SandboxTemplate;
import dev.sandbox.crd.SandboxWarmPool;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What one pass must do for one warm pool, decided from the pool, its template's hash and the pool's unclaimed
 * sandboxes. Pure: the controller carries it out.
 *
 * @param create how many sandboxes to make
 * @param retire sandboxes to take out of the pool and delete: of an older template, surplus, or failed while others run
 * @param current pooled sandboxes of the current template that stay
 * @param ready how many of {@code current} are Running, i.e. claimable now
 */
public record PoolPlan(int create, List<Sandbox> retire, int current, int ready) {

    public static PoolPlan decide(int desired, String hash, List<Sandbox> members) {
        List<Sandbox> retire = new ArrayList<>();
        List<Sandbox> keep = new ArrayList<>();
        for (Sandbox s : members) {
            Map<String, String> labels = s.getMetadata().getLabels();
            if (labels.containsKey(SandboxWarmPool.RETIRING_LABEL)
                    || !hash.equals(labels.get(SandboxTemplate.TEMPLATE_HASH_LABEL))) {
                retire.add(s);
            } else {
                keep.add(s);
            }
        }
        long running = keep.stream().filter(PoolPlan::running).count();
        if (running > 0) {
            // The template works: failed ones are replaced. (When none runs, replacing would only repeat the failure.)
            keep.stream()
                    .filter(s -> s.getStatus() != null && s.getStatus().getPhase() == SandboxPhase.Failed)
                    .forEach(retire::add);
            keep.removeIf(retire::contains);
        }
        if (keep.size() > desired) {
            // Surplus: the ones furthest from ready go first, then the newest.
            keep.sort(Comparator.comparing((Sandbox s) -> running(s) ? 1 : 0)
                    .thenComparing(
                            s -> String.valueOf(s.getMetadata().getCreationTimestamp()), Comparator.reverseOrder()));
            while (keep.size() > desired) {
                retire.add(keep.remove(0));
            }
        }
        int ready = (int) keep.stream().filter(PoolPlan::running).count();
        return new PoolPlan(Math.max(0, desired - keep.size()), retire, keep.size(), ready);
    }

    static boolean running(Sandbox s) {
        return s.getStatus() != null
                && s.getStatus().getPhase() == SandboxPhase.Running
                && s.getStatus().getContainerId() != null;
    }
}
