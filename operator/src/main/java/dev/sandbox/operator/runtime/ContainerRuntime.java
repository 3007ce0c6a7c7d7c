package dev.sandbox.operator.runtime;

/**
 * Everything the operator does with a node's container engine, as one handle that the composition root passes around.
 * Each part has an interface of its own ({@link Containers}, {@link Images}, {@link Volumes}, {@link Networks},
 * {@link Commands}, {@link StatsReader}); a class that needs only one part takes only that one. Every call is
 * idempotent where the name says "ensure" or "remove", so a reconcile interrupted at any point can simply run again.
 */
public interface ContainerRuntime extends Containers, Images, Volumes, Networks, Commands, StatsReader, AutoCloseable {

    /** The engine's image and volume operations behind snapshots (commit, volume copies, image removal). */
    SnapshotStore snapshots();

    @Override
    void close();
}
