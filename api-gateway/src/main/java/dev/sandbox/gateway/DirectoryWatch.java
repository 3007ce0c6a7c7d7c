package dev.sandbox.gateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Changes below one directory of a sandbox's workspace, found by comparing listings taken one after another: new
 * entries are {@code CREATE}, vanished ones {@code REMOVE}, files whose size or modification time changed
 * {@code WRITE}. A rename shows as a {@code REMOVE} of the old name and a {@code CREATE} of the new one.
 */
final class DirectoryWatch {
    /** One change: the entry's path relative to the watched directory and envd's event type name. */
    record Change(String name, String type) {}

    private record Seen(String type, long size, String modifiedAt) {}

    private final E2bVolumeFiles files;
    private final SandboxTarget target;
    private final String root;
    private final boolean recursive;
    private Map<String, Seen> last;

    /** Takes the first listing; {@code not_found} when the directory does not exist. */
    DirectoryWatch(E2bVolumeFiles files, SandboxTarget target, String root, boolean recursive) {
        this.files = files;
        this.target = target;
        this.root = root;
        this.recursive = recursive;
        this.last = E2bFilesystem.nodeCall(this::snapshot);
    }

    /** What changed since the previous call. */
    synchronized List<Change> poll() {
        Map<String, Seen> now = E2bFilesystem.nodeCall(this::snapshot);
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, Seen> e : now.entrySet()) {
            Seen before = last.get(e.getKey());
            if (before == null) {
                changes.add(new Change(e.getKey(), "EVENT_TYPE_CREATE"));
            } else if (!e.getValue().type().equals("directory")
                    && (before.size() != e.getValue().size()
                            || !Objects.equals(before.modifiedAt(), e.getValue().modifiedAt()))) {
                changes.add(new Change(e.getKey(), "EVENT_TYPE_WRITE"));
            }
        }
        for (String name : last.keySet()) {
            if (!now.containsKey(name)) {
                changes.add(new Change(name, "EVENT_TYPE_REMOVE"));
            }
        }
        last = now;
        return changes;
    }

    private Map<String, Seen> snapshot() {
        Map<String, Seen> seen = new HashMap<>();
        walk("", seen);
        return seen;
    }

    private void walk(String relative, Map<String, Seen> into) {
        List<E2bVolumeFiles.Entry> entries;
        try {
            entries = files.list(target, relative.isEmpty() ? root : root.isEmpty() ? relative : root + "/" + relative);
        } catch (ApiException e) {
            if (!relative.isEmpty() && e.status() == 404) {
                return; // A subdirectory removed between two listings: its removal shows in the next poll.
            }
            throw e;
        }
        for (E2bVolumeFiles.Entry e : entries) {
            String name = relative.isEmpty() ? e.name() : relative + "/" + e.name();
            into.put(name, new Seen(e.type(), e.size(), e.modifiedAt()));
            if (recursive && e.type().equals("directory")) {
                walk(name, into);
            }
        }
    }
}
