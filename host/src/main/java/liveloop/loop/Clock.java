package liveloop.loop;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * The time source of a {@link TickLoop}. {@link #system()} is real time; {@link ManualClock}
 * lets tests move time by hand.
 */
public interface Clock {
    /** Monotonic time in nanoseconds. */
    long nanoTime();

    /**
     * Blocks until {@link #nanoTime()} reaches {@code deadline}, or until {@code wake} is
     * signalled, whichever is first. The caller holds the lock that owns {@code wake}.
     */
    void awaitUntil(long deadline, Condition wake) throws InterruptedException;

    /**
     * Registers an action to run whenever this clock's time jumps; a real clock never jumps.
     * The loop uses it to re-check its deadline.
     */
    default void onAdvance(Runnable action) {}

    /** Real, monotonic time. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }

    enum SystemClock implements Clock {
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void awaitUntil(long deadline, Condition wake) throws InterruptedException {
            long remaining = deadline - System.nanoTime();
            if (remaining > 0) {
                wake.awaitNanos(remaining);
            }
        }
    }

    /** Converts a rate in ticks per second to a period in nanoseconds. */
    static long periodOf(double hz) {
        return Math.round(TimeUnit.SECONDS.toNanos(1) / hz);
    }
}
