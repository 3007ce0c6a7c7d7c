package dev.sandbox.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Background processes: commands that run on after the call returns (servers, long jobs), with their recent output
 * kept on the node, signals, waiting and removal. Get it with {@link SandboxClient#processes()};
 * {@link SandboxClient} offers the same calls under the same names.
 */
public final class Processes extends GatewayCalls {
    /** The longest the gateway holds a wait for a process open, in seconds. */
    private static final long MAX_WAIT_SECONDS = 300;

    private static final long DEFAULT_WAIT_SECONDS = 30;

    Processes(Transport transport) {
        super(transport);
    }

    /**
     * Starts a command in the background: the call returns at once and the command runs on, with its recent output
     * kept on the node. Without a timeout in {@code options} it runs until it ends or is killed.
     *
     * @param sandboxId the sandbox id
     * @param command the executable and its arguments
     * @param options timeout (up to 30 days), working directory, environment and user
     * @return the started process
     */
    public CompletableFuture<BackgroundProcess> startProcess(
            String sandboxId, List<String> command, ExecOptions options) {
        // The exec request's one-hour cap does not apply here: the timeout is checked against its own bound.
        ObjectNode body = ExecRequests.body(
                transport.json(), command, options == null ? ExecOptions.defaults() : options.withTimeout(null));
        if (options != null && options.timeout() != null) {
            body.put("timeoutSeconds", Arguments.backgroundTimeoutSeconds(options.timeout()));
        }
        String path = Routes.sandbox(sandboxId) + "/processes";
        return transport.sendJson("POST", path, body, transport.timeout(), BackgroundProcess.class);
    }

    /**
     * Starts a command line in the background through {@code /bin/sh -c}.
     *
     * @param sandboxId the sandbox id
     * @param commandLine the command line, such as {@code "python -m http.server 8080"}
     * @return the started process
     */
    public CompletableFuture<BackgroundProcess> startProcess(String sandboxId, String commandLine) {
        return startProcess(
                sandboxId, SandboxJson.shellForm(Arguments.commandLine(commandLine)), ExecOptions.defaults());
    }

    /**
     * Lists the background processes started in a sandbox (running and recently ended).
     *
     * @param sandboxId the sandbox id
     * @return the processes, oldest first
     */
    public CompletableFuture<List<BackgroundProcess>> listProcesses(String sandboxId) {
        return transport.getItems(Routes.sandbox(sandboxId) + "/processes", BackgroundProcess.class);
    }

    /**
     * Reads one background process.
     *
     * @param sandboxId the sandbox id
     * @param processId the process id
     * @return its state
     */
    public CompletableFuture<BackgroundProcess> getProcess(String sandboxId, String processId) {
        return transport.get(Routes.process(sandboxId, processId), BackgroundProcess.class);
    }

    /**
     * Reads a background process's output from byte offsets on ({@code 0, 0} for everything still kept).
     *
     * @param sandboxId the sandbox id
     * @param processId the process id
     * @param stdoutFrom standard output offset, such as the {@link ProcessOutput#stdoutNext()} of the last call
     * @param stderrFrom standard error offset
     * @return the output and the offsets to ask for next
     */
    public CompletableFuture<ProcessOutput> getProcessOutput(
            String sandboxId, String processId, long stdoutFrom, long stderrFrom) {
        String path = Routes.process(sandboxId, processId) + "/output?stdoutFrom=" + Math.max(0, stdoutFrom)
                + "&stderrFrom=" + Math.max(0, stderrFrom);
        return transport.get(path, ProcessOutput.class);
    }

    /**
     * Sends a signal to a running background process.
     *
     * @param sandboxId the sandbox id
     * @param processId the process id
     * @param signal {@code INT}, {@code TERM}, {@code KILL} or {@code HUP}
     * @return whether the signal was delivered
     */
    public CompletableFuture<Boolean> signalProcess(String sandboxId, String processId, String signal) {
        SignalBody body = new SignalBody(Arguments.required(signal, "signal"));
        String path = Routes.process(sandboxId, processId) + "/signal";
        return transport.send(
                transport.jsonRequest("POST", path, body, transport.timeout()),
                response -> transport.readTree(response).path("delivered").asBoolean());
    }

    /**
     * Waits up to {@code wait} (at most 5 minutes) for a background process to end.
     *
     * @param sandboxId the sandbox id
     * @param processId the process id
     * @param wait how long to wait; {@code null} for 30 seconds
     * @return its state afterwards: {@link BackgroundProcess#running()} tells whether it ended
     */
    public CompletableFuture<BackgroundProcess> waitForProcess(String sandboxId, String processId, Duration wait) {
        long seconds = wait == null ? DEFAULT_WAIT_SECONDS : Math.max(0, Math.min(MAX_WAIT_SECONDS, wait.toSeconds()));
        String path = Routes.process(sandboxId, processId) + "/wait?timeoutSeconds=" + seconds;
        return transport.call(
                transport
                        .request(path, transport.timeout().plus(Duration.ofSeconds(seconds)))
                        .GET()
                        .build(),
                BackgroundProcess.class);
    }

    /**
     * Kills a background process (when it still runs) and forgets it.
     *
     * @param sandboxId the sandbox id
     * @param processId the process id
     * @return completes once done
     */
    public CompletableFuture<Void> removeProcess(String sandboxId, String processId) {
        return transport.delete(Routes.process(sandboxId, processId));
    }

    /** The body of a signal request. */
    record SignalBody(String signal) {}
}
