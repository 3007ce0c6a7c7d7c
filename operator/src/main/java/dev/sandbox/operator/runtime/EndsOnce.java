package dev.sandbox.operator.runtime;

import com.github.dockerjava.api.async.ResultCallback;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** A stream callback that tells {@code onEnd} once how it ended: null when complete, else the failure. */
abstract class EndsOnce<T> extends ResultCallback.Adapter<T> {
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Consumer<Throwable> onEnd;

    EndsOnce(Consumer<Throwable> onEnd) {
        this.onEnd = onEnd;
    }

    @Override
    public void onError(Throwable throwable) {
        if (ended.compareAndSet(false, true)) {
            onEnd.accept(throwable);
        }
        super.onError(throwable);
    }

    @Override
    public void onComplete() {
        if (ended.compareAndSet(false, true)) {
            onEnd.accept(null);
        }
        super.onComplete();
    }
}
