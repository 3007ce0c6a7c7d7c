package dev.sandbox.operator.monitor;

import dev.sandbox.crd.SandboxUsage;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest usage sample of each running sandbox of this node, shared by the sampler (which writes it) and the
 * reconciler (which copies it into the status it writes anyway). Only a cache: losing it on restart costs one sampling
 * interval, since samples that matter are in PostgreSQL and the status.
 */
public final class UsageCache {
    private final ConcurrentHashMap<String, UsageSample> latest = new ConcurrentHashMap<>();
    /** What the reconciler last put into each status, so the sampler asks for a reconcile only when one is due. */
    private final ConcurrentHashMap<String, SandboxUsage> inStatus = new ConcurrentHashMap<>();

    public void put(UsageSample sample) {
        latest.put(sample.uid(), sample);
    }

    public Optional<UsageSample> latest(String uid) {
        return uid == null ? Optional.empty() : Optional.ofNullable(latest.get(uid));
    }

    /** Notes the usage the reconciler wrote into the status (null: none). */
    public void wroteStatus(String uid, SandboxUsage usage) {
        if (usage == null) {
            inStatus.remove(uid);
        } else {
            inStatus.put(uid, usage);
        }
    }

    /** The usage last written into the status, or null when none was or this process has not written it yet. */
    public SandboxUsage inStatus(String uid) {
        return inStatus.get(uid);
    }

    /** Forgets sandboxes that are no longer running here, so neither the status nor the metrics show stale numbers. */
    public void retainOnly(Set<String> uids) {
        latest.keySet().retainAll(uids);
        inStatus.keySet().retainAll(uids);
    }

    public void remove(String uid) {
        latest.remove(uid);
        inStatus.remove(uid);
    }

    public Collection<UsageSample> all() {
        return List.copyOf(latest.values());
    }
}
