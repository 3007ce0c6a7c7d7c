package dev.sandbox.client;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Makes a blocking view of an asynchronous object by delegation, so the blocking API is declared (an interface with
 * its documentation) but never written out by hand: every method of the view calls the target's method of the same
 * name and parameter types and, when that answers a {@link CompletableFuture}, waits for it. Failures arrive as the
 * SDK's own exceptions, not wrapped in a {@link CompletionException}.
 *
 * <p>The pairing is checked when the view is made: a view method without a target method, or whose return type does
 * not match the target's (the future's value type, {@code void} for {@code Void}, or the same type for calls that
 * answer at once such as streams), fails at once rather than at the first call.
 */
final class Blocking {
    private Blocking() {}

    /**
     * A blocking view of {@code target}.
     *
     * @throws IllegalArgumentException when a method of {@code view} has no matching method on the target
     */
    static <V> V view(Class<V> view, Object target) {
        Map<Method, Method> targets = pair(view, target.getClass());
        InvocationHandler handler = (proxy, method, args) -> {
            Method delegate = targets.get(method);
            if (delegate == null) {
                return objectMethod(proxy, method, args, view);
            }
            Object answer;
            try {
                answer = delegate.invoke(target, args);
            } catch (InvocationTargetException e) {
                // Checks that fail before any call (SandboxValidationException, a closed client) surface unchanged.
                throw e.getCause();
            }
            return answer instanceof CompletableFuture<?> future ? await(future) : answer;
        };
        return view.cast(Proxy.newProxyInstance(view.getClassLoader(), new Class<?>[] {view}, handler));
    }

    /** Each method of {@code view} with the method of {@code target} it delegates to. */
    static Map<Method, Method> pair(Class<?> view, Class<?> target) {
        Map<Method, Method> pairs = new HashMap<>();
        for (Method method : view.getMethods()) {
            Method delegate;
            try {
                delegate = target.getMethod(method.getName(), method.getParameterTypes());
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(
                        view.getSimpleName() + "." + method.getName() + " has no counterpart on "
                                + target.getSimpleName(),
                        e);
            }
            if (!answersAs(delegate.getGenericReturnType(), method.getReturnType())) {
                throw new IllegalArgumentException(view.getSimpleName() + "." + method.getName() + " returns "
                        + method.getReturnType().getSimpleName() + " but " + target.getSimpleName() + " answers "
                        + delegate.getGenericReturnType().getTypeName());
            }
            pairs.put(method, delegate);
        }
        return pairs;
    }

    /** Whether a target answering {@code async} can serve a view method returning {@code blocking}. */
    private static boolean answersAs(Type async, Class<?> blocking) {
        if (async instanceof ParameterizedType future && future.getRawType() == CompletableFuture.class) {
            Type value = future.getActualTypeArguments()[0];
            Class<?> raw = value instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) value;
            return raw == Void.class ? blocking == void.class : boxed(blocking) == raw;
        }
        Class<?> raw = async instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) async;
        return raw == blocking;
    }

    private static Class<?> boxed(Class<?> type) {
        if (type == boolean.class) {
            return Boolean.class;
        }
        if (type == long.class) {
            return Long.class;
        }
        if (type == int.class) {
            return Integer.class;
        }
        return type;
    }

    /** {@code equals}, {@code hashCode} and {@code toString} of the view itself. */
    private static Object objectMethod(Object proxy, Method method, Object[] args, Class<?> view) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> view.getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(proxy));
            default -> throw new UnsupportedOperationException(method.toString());
        };
    }

    /** Waits for a call, rethrowing its failure as it was raised (an SDK exception), not wrapped. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = GatewayErrors.unwrap(e);
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new SandboxException("sandbox call failed: " + cause, cause);
        } catch (CancellationException e) {
            throw new SandboxException("sandbox call was cancelled", e);
        }
    }
}
