package dev.sandbox.dev;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** {@code bin/sandbox dev}: runs the whole system in this process until interrupted. */
public final class DevMode {
    private static final Logger log = LoggerFactory.getLogger(DevMode.class);

    private DevMode() {}

    public static void main(String[] args) throws InterruptedException {
        // Before the first logger exists.
        dev.sandbox.db.ProcessLogging.quietLibraries();
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        // Before anything starts, so that a signal during start-up also stops what has started (the stack's own hook).
        AtomicReference<DevStack> running = new AtomicReference<>();
        ShutdownSignals.install(() -> {
            DevStack stack = running.get();
            if (stack != null) {
                log.info("stopping: removing this run's sandboxes and shutting down");
                stack.close();
            }
        });
        DevStack stack;
        try {
            stack = DevStack.start(DevSettings.fromEnvironment(System.getenv()));
        } catch (RuntimeException e) {
            System.err.println("sandbox: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        running.set(stack);
        System.out.println(usage(stack));
        // The signal handler ends the process (System.exit) once the stack has stopped.
        new CountDownLatch(1).await();
    }

    static String usage(DevStack stack) {
        String home = stack.settings().home().toString();
        return """

        Sandbox platform is running (dev mode). Press Ctrl+C (or send SIGTERM) to stop; this removes the sandboxes it made.

          REST gateway   %1$s
          API key        %2$s   (saved in %3$s/api-key)
          kubeconfig     %4$s
          previews       %5$s  (port 8080 of sandbox <id>: 8080-<id>.<that host>, or %1$s/v1/sandboxes/<id>/ports/8080/)

        Try it:
          export SANDBOX_URL=%1$s SANDBOX_API_KEY=$(cat %3$s/api-key)
          curl -s -X POST "$SANDBOX_URL/v1/sandboxes?wait=true" -H "Authorization: Bearer $SANDBOX_API_KEY" \\
               -H 'Content-Type: application/json' -d '{"image":"sandbox-busybox:local"}'
          curl -s -X POST "$SANDBOX_URL/v1/sandboxes/<id>/exec" -H "Authorization: Bearer $SANDBOX_API_KEY" \\
               -H 'Content-Type: application/json' -d '{"command":"echo hello from $(hostname)"}'
          kubectl --kubeconfig %4$s get sbx
          kubectl --kubeconfig %4$s apply -f examples/sandbox.yaml

        From the E2B SDK (npm or PyPI "e2b"; template "base"):
          export E2B_API_URL=%1$s E2B_SANDBOX_URL=%1$s E2B_API_KEY=$(cat %3$s/api-key)
        """.formatted(
                        stack.gatewayUrl(),
                        stack.apiKey(),
                        home,
                        stack.kubeconfig(),
                        stack.settings().previewUrl());
    }
}
