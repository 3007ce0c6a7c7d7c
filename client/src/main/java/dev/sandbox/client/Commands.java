package dev.sandbox.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Running commands in a sandbox: at once with the whole output ({@code executeCommand}), streamed line by line as it
 * is produced ({@code streamCommand}), or interactively with input and an optional terminal
 * ({@code openInteractive}). Background processes are in {@link Processes}. Get it with
 * {@link SandboxClient#commands()}; {@link SandboxClient} offers the same calls under the same names.
 */
public final class Commands extends GatewayCalls {
    Commands(Transport transport) {
        super(transport);
    }

    /**
     * Runs a command line in a running sandbox through {@code /bin/sh -c}, with the gateway's default timeout of 60
     * seconds.
     *
     * @param sandboxId the sandbox id
     * @param commandLine the command line such as {@code "echo hi"}, sent as a JSON string
     * @return exit code and output; fails with {@link SandboxOperationException} when the sandbox is not Running
     * @throws SandboxValidationException when an argument is blank
     */
    public CompletableFuture<ExecResult> executeCommand(String sandboxId, String commandLine) {
        return executeCommand(
                sandboxId, SandboxJson.shellForm(Arguments.commandLine(commandLine)), ExecOptions.defaults());
    }

    /**
     * Runs a command, given as separate arguments and without a shell, in a running sandbox. A command that outlives
     * {@code timeout} is killed: the result then says so ({@link ExecResult#timedOut()}) and has exit code 137.
     *
     * @param sandboxId the sandbox id
     * @param command the executable and its arguments, sent as a JSON list
     * @param timeout how long the command may run, up to one hour (rounded up to whole seconds); {@code null} for the
     *     gateway's default of 60 seconds
     * @return exit code and output; fails with {@link SandboxOperationException} when the sandbox is not Running
     * @throws SandboxValidationException when an argument is empty or the timeout is out of range
     */
    public CompletableFuture<ExecResult> executeCommand(String sandboxId, List<String> command, Duration timeout) {
        return executeCommand(sandboxId, command, ExecOptions.defaults().withTimeout(timeout));
    }

    /**
     * Runs a command, given as separate arguments and without a shell, with options such as a working directory, extra
     * environment or another user.
     *
     * @param sandboxId the sandbox id
     * @param command the executable and its arguments
     * @param options timeout, working directory, environment and user
     * @return exit code and output; fails with {@link SandboxValidationException} (field {@code user},
     *     {@code workdir}, ...) when the node refuses an option, {@link SandboxOperationException} when the sandbox is
     *     not Running
     * @throws SandboxValidationException when an argument is empty or the timeout is out of range
     */
    public CompletableFuture<ExecResult> executeCommand(String sandboxId, List<String> command, ExecOptions options) {
        ObjectNode body = ExecRequests.body(transport.json(), command, options);
        Duration requestTimeout = transport.timeout().plus(ExecRequests.commandTimeout(options));
        return transport.sendJson("POST", Routes.sandbox(sandboxId) + "/exec", body, requestTimeout, ExecResult.class);
    }

    /**
     * Runs a command line through {@code /bin/sh -c}, resuming the sandbox first when it is paused (and waiting until it
     * runs).
     *
     * @param sandboxId the sandbox id
     * @param commandLine the command line
     * @return exit code and output
     */
    public CompletableFuture<ExecResult> executeCommandResuming(String sandboxId, String commandLine) {
        ObjectNode body = transport.json().createObjectNode().put("command", Arguments.commandLine(commandLine));
        String path = Routes.sandbox(sandboxId) + "/exec?resume=true";
        // The gateway may wait for the resume and then for the command, each up to its default.
        Duration requestTimeout = transport.waiting().plus(Transport.GATEWAY_DEFAULT_WAIT);
        return transport.sendJson("POST", path, body, requestTimeout, ExecResult.class);
    }

    /**
     * Runs a command line through {@code /bin/sh -c} and streams its output line by line as it is produced. Nothing is
     * sent until the stream is iterated or subscribed to.
     *
     * @param sandboxId the sandbox id
     * @param commandLine the command line such as {@code "tail -f /workspace/app.log"}
     * @return the output stream; close it to kill the command early
     * @throws SandboxValidationException when an argument is blank
     */
    public CommandStream streamCommand(String sandboxId, String commandLine) {
        return streamCommand(
                sandboxId, SandboxJson.shellForm(Arguments.commandLine(commandLine)), ExecOptions.defaults());
    }

    /**
     * Runs a command with options and streams its output line by line as it is produced.
     *
     * @param sandboxId the sandbox id
     * @param command the executable and its arguments
     * @param options timeout (the command is killed after it), working directory, environment and user
     * @return the output stream; close it to kill the command early
     * @throws SandboxValidationException when an argument is empty or the timeout is out of range
     */
    public CommandStream streamCommand(String sandboxId, List<String> command, ExecOptions options) {
        String path = Routes.sandbox(sandboxId) + "/exec/stream";
        ObjectNode body = ExecRequests.body(transport.json(), command, options);
        return transport.commandStream(transport
                .request(path, transport.timeout())
                .header("Content-Type", "application/json")
                .setHeader("Accept", Transport.EVENT_STREAM)
                .POST(transport.body(body))
                .build());
    }

    /**
     * Runs a command line through {@code /bin/sh -c}, calling {@code listener} for each line of output as it arrives.
     *
     * @param sandboxId the sandbox id
     * @param commandLine the command line
     * @param listener receives the lines, in order, on a thread of the SDK
     * @return completes with the exit once the last line was delivered; cancelling it kills the command
     * @throws SandboxValidationException when an argument is blank
     */
    public CompletableFuture<ExecExit> streamCommand(String sandboxId, String commandLine, CommandListener listener) {
        return listen(streamCommand(sandboxId, commandLine), listener);
    }

    /**
     * Runs a command with options, calling {@code listener} for each line of output as it arrives.
     *
     * @param sandboxId the sandbox id
     * @param command the executable and its arguments
     * @param options timeout, working directory, environment and user
     * @param listener receives the lines, in order, on a thread of the SDK
     * @return completes with the exit once the last line was delivered; cancelling it kills the command
     * @throws SandboxValidationException when an argument is empty or the timeout is out of range
     */
    public CompletableFuture<ExecExit> streamCommand(
            String sandboxId, List<String> command, ExecOptions options, CommandListener listener) {
        return listen(streamCommand(sandboxId, command, options), listener);
    }

    /**
     * Starts a command that takes input while it runs, over the gateway's WebSocket exec: with a
     * {@link ExecOptions#terminal() terminal} in the options it runs in a pseudo-terminal (a shell as a person uses it:
     * prompt, line editing, Ctrl+C), without one its standard input is a pipe that
     * {@link InteractiveCommand#closeInput()} ends.
     *
     * @param sandboxId the sandbox id
     * @param command the executable and its arguments, e.g. {@code List.of("sh")}
     * @param options timeout (at most one hour; the command is killed after it), working directory, environment, user,
     *     terminal size ({@code null} for plain pipes)
     * @param listener receives the output as it arrives
     * @return completes once the session is open; fails with {@link SandboxNotFoundException} for an unknown sandbox and
     *     {@link SandboxOperationException} when it is not running
     * @throws SandboxValidationException when an argument is empty
     */
    public CompletableFuture<InteractiveCommand> openInteractive(
            String sandboxId, List<String> command, ExecOptions options, InteractiveListener listener) {
        Arguments.listener(listener);
        ObjectNode body = ExecRequests.interactiveBody(transport.json(), command, options);
        return transport.interactive(Routes.sandbox(sandboxId) + "/exec/ws", body, sandboxId, listener);
    }

    /**
     * Delivers a command's lines to a listener; the returned future completes with the exit after the last line. The
     * exit is passed on by hand, unwrapped; the callback settles the result on every path, so the stage whenComplete
     * returns carries nothing.
     */
    @SuppressWarnings("FutureReturnValueIgnored")
    private static CompletableFuture<ExecExit> listen(CommandStream stream, CommandListener listener) {
        Objects.requireNonNull(listener, "listener");
        CompletableFuture<ExecExit> result = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                stream.close();
                return super.cancel(mayInterruptIfRunning);
            }
        };
        stream.subscribe(new Flow.Subscriber<OutputLine>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(OutputLine line) {
                if (line.stream() == StreamType.STDOUT) {
                    listener.onStdout(line.text());
                } else {
                    listener.onStderr(line.text());
                }
            }

            @Override
            public void onError(Throwable error) {
                result.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                stream.exit().whenComplete((exit, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(exit);
                    }
                });
            }
        });
        return result;
    }
}
