package liveloop.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import liveloop.loop.Clock;
import liveloop.os.SchedulerSlice;

/**
 * How late ticks start while changes compile: redefinitions are submitted back to back for the
 * whole measurement, and the script's probe notes when each tick starts.
 *
 * <p>A tick's lateness is measured against the loop's schedule. The loop reports how late each
 * tick was ({@code LoopStatus.lastLatenessNanos}), but after holding its ticks for a change to
 * land it re-anchors its schedule on the moment it resumes, so a tick a change delayed reads as
 * on time there. So a tick also counts as late by how far it started past one period after the
 * previous tick. Both are lower bounds of the true lateness; the larger one is taken.
 */
final class Jitter {
    private Jitter() {}

    /**
     * @param lateness per tick while changes compiled, in milliseconds
     * @param reportedByLoop the same ticks' lateness as the loop itself reported it
     * @param idle per tick with no change being made, for a baseline of this machine's noise
     * @param ticks ticks measured while changes compiled
     * @param expectedTicks ticks the rate promises in that time
     * @param changes redefinitions applied while measuring
     */
    record Result(Samples lateness, Samples reportedByLoop, Samples idle, int ticks, long expectedTicks,
            int changes) {}

    /** Times ticks for {@code duration} while changes compile, after a third as long (a second at least) without. */
    static Result measure(double hz, Duration duration) throws Exception {
        long period = Clock.periodOf(hz);
        try (ProbedHost host = ProbedHost.start(hz)) {
            for (int i = 0; i < ChangeLatency.WARM_UP; i++) {
                host.redefine();
            }
            TickProbe probe = host.probe();
            LongSupplier loopLateness = () -> host.host().status().loop().lastLatenessNanos();

            int idleTicks = (int) Math.max(hz, duration.toNanos() / 3 / period);
            probe.startRecording(idleTicks, loopLateness);
            probe.awaitRecorded(idleTicks * period / 1_000_000 + ProbedHost.TIMEOUT_MILLIS);
            TickProbe.TickRecord idle = probe.stopRecording();

            probe.startRecording(capacity(duration.toNanos(), period), loopLateness);
            long since = System.nanoTime();
            long end = since + duration.toNanos();
            int changes = 0;
            while (System.nanoTime() < end) {
                host.redefine();
                changes++;
            }
            TickProbe.TickRecord busy = probe.stopRecording();
            long elapsed = System.nanoTime() - since;
            host.checkNoErrors();
            return new Result(millis(latenesses(busy, period)), millis(busy.loopLatenesses()),
                    millis(latenesses(idle, period)), busy.starts().length, elapsed / period, changes);
        }
    }

    /**
     * This machine's floor, with no liveloop in it: how late a plain thread wakes for each
     * deadline at {@code hz} (parked until it, as the loop is) while one busy thread per core
     * competes for the CPU, as javac and the JIT do while changes compile. A scheduler that lets
     * a woken thread wait for its next tick shows here.
     *
     * @param sliceNanos the scheduler slice the waking thread asks for, as the loop does
     *     ({@link SchedulerSlice}); 0 for none
     * @return lateness per deadline, in milliseconds
     */
    static Samples machineFloor(double hz, int ticks, long sliceNanos) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> busy = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            Thread t = new Thread(() -> {
                long n = 0;
                while (running.get()) {
                    n += System.nanoTime() & 1; // work the JIT cannot remove
                }
                sink = n;
            }, "bench-busy-" + i);
            t.setDaemon(true);
            t.start();
            busy.add(t);
        }
        long[] lateness = new long[ticks];
        // Its own thread: a slice, once asked for, stays with the thread.
        Thread waker = new Thread(() -> {
            if (sliceNanos > 0) {
                SchedulerSlice.request(sliceNanos);
            }
            long period = Clock.periodOf(hz);
            long next = System.nanoTime() + period;
            for (int i = 0; i < ticks; i++) {
                long wait;
                while ((wait = next - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                lateness[i] = System.nanoTime() - next;
                next += period;
            }
        }, "bench-floor");
        try {
            waker.start();
            waker.join();
            return millis(lateness);
        } finally {
            running.set(false);
            for (Thread t : busy) {
                t.join();
            }
        }
    }

    private static volatile long sink;

    /** Room for twice the ticks the time should bring: a loop never ticks faster than its rate. */
    private static int capacity(long nanos, long period) {
        return (int) Math.min(Integer.MAX_VALUE - 8, 2 * nanos / period + 16);
    }

    private static Samples millis(long[] nanos) {
        Samples millis = new Samples();
        for (long n : nanos) {
            millis.add(n / 1e6);
        }
        return millis;
    }

    /** Each recorded tick's lateness in nanoseconds (see the class comment). */
    static long[] latenesses(TickProbe.TickRecord record, long periodNanos) {
        long[] starts = record.starts();
        long[] reported = record.loopLatenesses();
        long[] lateness = new long[starts.length];
        for (int i = 0; i < starts.length; i++) {
            long pastPeriod = i == 0 ? 0 : starts[i] - starts[i - 1] - periodNanos;
            lateness[i] = Math.max(Math.max(reported[i], pastPeriod), 0);
        }
        return lateness;
    }
}
