package dev.sandbox.cli;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The local terminal of an interactive session. Java has no termios: raw mode and the window size go through
 * {@code stty} on {@code /dev/tty}, and the previous settings are put back when the session ends, also on Ctrl+C of
 * the JVM itself or an error.
 */
final class Terminal implements AutoCloseable {
    private final String saved;

    private Terminal(String saved) {
        this.saved = saved;
    }

    /** Switches the terminal to raw mode: every key goes to the sandbox as typed (Ctrl+C included), nothing is echoed. */
    static Terminal raw() {
        String saved = stty("-g")
                .orElseThrow(() -> new CliException(ExitCodes.FAILED, "cannot read the terminal's settings (stty -g)"));
        Terminal terminal = new Terminal(saved.trim());
        Runtime.getRuntime().addShutdownHook(new Thread(terminal::restore, "terminal-restore"));
        if (stty("raw", "-echo").isEmpty()) {
            throw new CliException(ExitCodes.FAILED, "cannot switch the terminal to raw mode (stty raw -echo)");
        }
        return terminal;
    }

    /** Columns and rows of the local terminal, if it can say. */
    static Optional<int[]> size() {
        return stty("size").flatMap(text -> {
            String[] parts = text.trim().split("\\s+");
            try {
                int rows = Integer.parseInt(parts[0]);
                int columns = Integer.parseInt(parts[1]);
                return rows > 0 && columns > 0
                        ? Optional.of(new int[] {Math.min(columns, 1000), Math.min(rows, 1000)})
                        : Optional.empty();
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Runs {@code action} whenever the local window changes size (SIGWINCH), where the platform can say. Java has no
     * public signal API; the JDK's {@code sun.misc.Signal} (module jdk.unsupported) is reached by reflection so that
     * the CLI builds without the compiler's warning about proprietary API and keeps working without it: the size then
     * stays what it was at the start.
     */
    static void onResize(Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object winch = signal.getConstructor(String.class).newInstance("WINCH");
            Object proxy =
                    Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, (self, method, args) -> {
                        if ("handle".equals(method.getName())) {
                            action.run();
                            return null;
                        }
                        // equals, hashCode and toString of the handler itself.
                        return switch (method.getName()) {
                            case "equals" -> self == args[0];
                            case "hashCode" -> System.identityHashCode(self);
                            default -> "terminal resize handler";
                        };
                    });
            signal.getMethod("handle", signal, handler).invoke(null, winch, proxy);
        } catch (ReflectiveOperationException | RuntimeException unsupported) {
            // No SIGWINCH here (another platform or JDK): the size stays what it was at the start.
        }
    }

    private synchronized void restore() {
        stty(saved);
    }

    @Override
    public void close() {
        restore();
    }

    private static Optional<String> stty(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "stty";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process stty = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!stty.waitFor(5, TimeUnit.SECONDS) || stty.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
