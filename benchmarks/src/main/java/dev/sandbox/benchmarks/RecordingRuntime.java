package dev.sandbox.benchmarks;

import dev.sandbox.operator.runtime.ContainerRuntime;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A {@link ContainerRuntime} that tells a listener about every call an operator makes (method, arguments, start and
 * end) and otherwise does exactly what the wrapped one does. Closing it leaves the wrapped runtime open: it belongs to
 * the stack.
 */
final class RecordingRuntime {
    /** Hears of each finished call, successful or not. Called on the operator's threads: keep it quick. */
    @FunctionalInterface
    interface CallListener {
        void onCall(String method, Object[] args, long startNanos, long endNanos);
    }

    private RecordingRuntime() {}

    static ContainerRuntime wrap(ContainerRuntime delegate, CallListener listener) {
        return (ContainerRuntime) Proxy.newProxyInstance(
                ContainerRuntime.class.getClassLoader(),
                new Class<?>[] {ContainerRuntime.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        return null;
                    }
                    long start = System.nanoTime();
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        listener.onCall(
                                method.getName(), args == null ? new Object[0] : args, start, System.nanoTime());
                    }
                });
    }
}
