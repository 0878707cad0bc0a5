package liveloop.loop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;

/** A clock that only moves when told to: deterministic loop tests. */
public final class ManualClock implements Clock {
    private volatile long now;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Override
    public long nanoTime() {
        return now;
    }

    /** Moves time forward and wakes every loop waiting on this clock. */
    public void advance(Duration by) {
        synchronized (this) {
            now += by.toNanos();
        }
        listeners.forEach(Runnable::run);
    }

    @Override
    public void awaitUntil(long deadline, Condition wake) throws InterruptedException {
        if (now < deadline) {
            wake.await(); // advance() signals it through onAdvance
        }
    }

    @Override
    public void onAdvance(Runnable action) {
        listeners.add(action);
    }
}
