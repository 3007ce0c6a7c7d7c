package dev.sandbox.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The flat {@link SandboxClient} and its {@link BlockingSandboxClient} view stay complete over the focused parts: every
 * call of a part is on the facade under the same name, and every facade call is on the blocking view.
 */
class FacadeTest {
    private static final List<Class<?>> PARTS = List.of(
            Sandboxes.class,
            Commands.class,
            SandboxFiles.class,
            NetworkVolumes.class,
            Processes.class,
            Previews.class,
            Monitoring.class,
            Snapshots.class,
            Templates.class,
            Administration.class);

    @Test
    void everyCallOfAPartIsOnTheFacadeWithTheSameSignature() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Class<?> part : PARTS) {
            for (Method call : publicCalls(part)) {
                try {
                    Method flat = SandboxClient.class.getMethod(call.getName(), call.getParameterTypes());
                    assertThat(flat.getGenericReturnType()).as(flat.toString()).isEqualTo(call.getGenericReturnType());
                } catch (NoSuchMethodException e) {
                    missing.add(part.getSimpleName() + "." + call.getName());
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyFacadeCallIsOnTheBlockingViewAndNothingElse() {
        Set<String> partCalls = PARTS.stream()
                .flatMap(part -> publicCalls(part).stream())
                .map(FacadeTest::signature)
                .collect(Collectors.toSet());
        Set<String> blockingCalls = Arrays.stream(BlockingSandboxClient.class.getMethods())
                .map(FacadeTest::signature)
                .collect(Collectors.toSet());
        assertThat(blockingCalls).isEqualTo(partCalls);
        // Pairing checks the return types too (the future's value, void for Void); it throws on a mismatch.
        assertThat(Blocking.pair(BlockingSandboxClient.class, SandboxClient.class))
                .hasSize(blockingCalls.size());
    }

    @Test
    void aViewMethodWithoutACounterpartIsRefusedWhenTheViewIsMade() {
        assertThatThrownBy(() -> Blocking.view(Unpaired.class, new Target()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unpaired.missing");
        assertThatThrownBy(() -> Blocking.view(WrongType.class, new Target()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WrongType.answer");
    }

    @Test
    void theBlockingViewWaitsAndRethrowsTheCallsOwnException() {
        Target target = new Target();
        Paired view = Blocking.view(Paired.class, target);
        assertThat(view.answer("x")).isEqualTo("x!");
        assertThat(view.now()).isEqualTo(7);
        view.nothing();
        assertThat(target.nothingCalled).isTrue();
        assertThatThrownBy(() -> view.failing())
                .isInstanceOf(SandboxNotFoundException.class)
                .hasMessage("gone");
        assertThatThrownBy(() -> view.refusing())
                .isInstanceOf(SandboxValidationException.class)
                .hasMessage("bad");
        assertThat(selfEqual(view)).isTrue();
        assertThat(view.toString()).startsWith("Paired@");
    }

    @Test
    void thePartsAreTheOnesTheFacadeDelegatesTo() {
        try (SandboxClient client = SandboxClient.builder()
                .baseUrl("http://127.0.0.1:9")
                .environment(name -> null)
                .build()) {
            assertThat(client.previews().previewUrl("sbx-1", 8080))
                    .isEqualTo(client.previewUrl("sbx-1", 8080))
                    .isEqualTo(client.blocking().previewUrl("sbx-1", 8080))
                    .isEqualTo("http://127.0.0.1:9/v1/sandboxes/sbx-1/ports/8080/");
            assertThatThrownBy(() -> client.blocking().previewUrl("sbx-1", 0))
                    .isInstanceOf(SandboxValidationException.class)
                    .satisfies(e -> assertThat(((SandboxException) e).field()).isEqualTo("port"));
        }
    }

    private static List<Method> publicCalls(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .toList();
    }

    private static String signature(Method method) {
        return method.getName() + Arrays.toString(method.getParameterTypes());
    }

    /** An asynchronous object as the facade is one. */
    public static final class Target {
        volatile boolean nothingCalled;

        public CompletableFuture<String> answer(String value) {
            return CompletableFuture.supplyAsync(() -> value + "!");
        }

        public int now() {
            return 7;
        }

        public CompletableFuture<Void> nothing() {
            nothingCalled = true;
            return CompletableFuture.completedFuture(null);
        }

        public CompletableFuture<Map<String, String>> failing() {
            return CompletableFuture.failedFuture(new SandboxNotFoundException("gone", 404, "not_found", null));
        }

        // Throws before any future exists on purpose: the blocking view must pass that on unchanged.
        @SuppressWarnings("DoNotCallSuggester")
        public CompletableFuture<String> refusing() {
            throw new SandboxValidationException("bad", "field");
        }
    }

    /** A correct blocking view of {@link Target}. */
    public interface Paired {
        String answer(String value);

        int now();

        void nothing();

        Map<String, String> failing();

        String refusing();
    }

    /** A view naming a method the target does not have. */
    public interface Unpaired {
        void missing();
    }

    /** A view whose return type does not match the target's future. */
    public interface WrongType {
        int answer(String value);
    }

    /** The proxy answers equals itself (identity); asked through a plain Object so no check sees a self-comparison. */
    private static boolean selfEqual(Object view) {
        Object other = view;
        return view.equals(other) && view.hashCode() == other.hashCode();
    }
}
