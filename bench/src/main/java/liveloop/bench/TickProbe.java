package liveloop.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What the measured script calls on every tick, bound into its session as {@code probe}: it
 * notes the first tick that runs each new version of the code and, while recording, when every
 * tick started. Public because snippet code calls it.
 */
public final class TickProbe {
    private final Object versionLock = new Object(); // also signals a full recording
    private volatile long version = Long.MIN_VALUE; // the version the last tick ran
    private volatile long versionFirstRanAt;

    private volatile boolean recording;
    private volatile LongSupplier loopLateness = () -> 0;
    private long[] tickStarts = new long[0]; // written by the loop thread while recording
    private long[] loopLatenesses = new long[0];
    private volatile int recorded; // written after the slots it counts, so a reader sees them whole

    /** Called by the script at the start of every tick with the version of its code. */
    public void tick(long codeVersion) {
        long now = System.nanoTime();
        if (recording && recorded < tickStarts.length) {
            tickStarts[recorded] = now;
            loopLatenesses[recorded] = loopLateness.getAsLong();
            recorded++;
            if (recorded == tickStarts.length) {
                synchronized (versionLock) {
                    versionLock.notifyAll(); // awaitRecorded
                }
            }
        }
        if (codeVersion != version) {
            synchronized (versionLock) {
                versionFirstRanAt = now;
                version = codeVersion;
                versionLock.notifyAll();
            }
        }
    }

    /**
     * Waits until a tick has run {@code codeVersion}.
     *
     * @return when that tick started ({@link System#nanoTime()})
     * @throws IllegalStateException if no tick ran it within {@code timeoutMillis}
     */
    public long awaitVersion(long codeVersion, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (versionLock) {
            while (version != codeVersion) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("version " + codeVersion + " never ran within " + timeoutMillis
                            + " ms (the last tick ran version " + version + ")");
                }
                TimeUnit.NANOSECONDS.timedWait(versionLock, left);
            }
            return versionFirstRanAt;
        }
    }

    /**
     * Records the start of up to {@code maxTicks} ticks from now on, with the lateness the loop
     * itself saw for each ({@code loopLateness}, read during the tick).
     */
    public void startRecording(int maxTicks, LongSupplier loopLateness) {
        this.loopLateness = loopLateness;
        tickStarts = new long[maxTicks];
        loopLatenesses = new long[maxTicks];
        recorded = 0;
        recording = true; // volatile write last: the loop thread sees the arrays once it sees this
    }

    /** Waits until the recording is full: {@code maxTicks} ticks have run since it started. */
    public void awaitRecorded(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (versionLock) {
            while (recorded < tickStarts.length) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("only " + recorded + " of " + tickStarts.length
                            + " ticks ran within " + timeoutMillis + " ms");
                }
                TimeUnit.NANOSECONDS.timedWait(versionLock, left);
            }
        }
    }

    /** Stops recording; returns what was recorded. */
    public TickRecord stopRecording() {
        recording = false;
        int complete = recorded; // a tick still writing writes past this
        return new TickRecord(Arrays.copyOf(tickStarts, complete), Arrays.copyOf(loopLatenesses, complete));
    }

    /** Tick start times ({@link System#nanoTime()}) and the loop's own lateness for each, in tick order. */
    public record TickRecord(long[] starts, long[] loopLatenesses) {}
}
