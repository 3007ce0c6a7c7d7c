package dev.sandbox.helm;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * fabric8's models keep fields they do not know in a map of "additional properties" instead of failing. Walking the
 * object graph and insisting that every such map is empty makes reading a rendered object strict: a misspelled or
 * misplaced field fails the test with its path.
 */
final class StrictModel {
    private StrictModel() {}

    static void assertNoUnknownFields(Object root, String name) {
        walk(root, name, new IdentityHashMap<>());
    }

    private static void walk(Object value, String path, IdentityHashMap<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get")
                    || getter.getName().equals("getClass")) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    throw new AssertionError(path + " has fields that its type "
                            + value.getClass().getSimpleName() + " does not know: " + extra.keySet());
                }
                continue;
            }
            walk(
                    field,
                    path + "." + Character.toLowerCase(getter.getName().charAt(3))
                            + getter.getName().substring(4),
                    seen);
        }
    }
}
