package dev.sandbox.operator.runtime;

/** Receives the output of an exec as it is produced, from the stream's reader thread. */
public interface ExecOutput {

    /**
     * One chunk of output. Blocking here slows the command down instead of buffering without bound.
     *
     * @param stderr whether the chunk came from standard error
     * @param data the bytes, owned by the receiver
     */
    void onOutput(boolean stderr, byte[] data);
}
