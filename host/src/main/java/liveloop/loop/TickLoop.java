package liveloop.loop;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import liveloop.os.SchedulerSlice;

/**
 * A fixed-rate tick loop on one thread, the only thread that runs user code.
 *
 * <p>Work submitted from other threads ({@link #submit}) runs on the loop thread between two
 * ticks, so a tick sees all of a change or none of it. The loop keeps running such work while
 * paused. It starts paused: {@link #resume()} begins ticking.
 *
 * <pre>{@code
 * TickLoop loop = new TickLoop(Clock.system(), 60, tick -> machine.tick(tick));
 * loop.start();
 * loop.resume();
 * loop.submit(() -> installNewCode());   // applied between two ticks
 * }</pre>
 */
public final class TickLoop implements AutoCloseable {
    /** What the loop does once per tick; {@code tick} counts from 1. */
    @FunctionalInterface
    public interface Ticker {
        void tick(long tick);
    }

    private static final System.Logger LOG = System.getLogger(TickLoop.class.getName());
    private static final int RATE_WINDOW = 64;
    private static final long HOLD_WAIT_LIMIT_NANOS = 1_000_000_000L;
    /** The scheduler slice the loop thread asks for (see {@link SchedulerSlice}). */
    public static final long SLICE_NANOS = 100_000;

    private final Clock clock;
    private final Ticker ticker;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final CompletableFuture<Long> stopped = new CompletableFuture<>();

    // Guarded by lock.
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final List<CompletableFuture<Long>> stepWaiters = new ArrayList<>();
    private long stepsLeft;
    private long tickLimit = Long.MAX_VALUE;
    private int holds;
    private long heldSince; // when the outermost hold began
    private long typicalHold; // a moving average of how long holds last
    private long nextTickAt = Long.MAX_VALUE; // when the awaited tick is due; MAX_VALUE when none is
    private boolean running = true;

    private volatile double hz;
    private volatile long period;
    private volatile boolean paused = true;
    private volatile long ticks;
    private volatile long lastLateness;
    private volatile long busySince; // when the running tick or task began; 0 when idle
    private volatile boolean busyTicking;
    // Written by the loop thread only; read racily for the status line, which is fine.
    private final long[] tickTimes = new long[RATE_WINDOW];

    public TickLoop(Clock clock, double hz, Ticker ticker) {
        this.clock = clock;
        this.ticker = ticker;
        this.hz = checkRate(hz);
        this.period = Clock.periodOf(hz);
        this.thread = new Thread(this::run, "liveloop-loop");
        thread.setDaemon(true);
        clock.onAdvance(this::signal);
    }

    /** Starts the loop thread; it runs submitted work at once and ticks after {@link #resume()}. */
    public void start() {
        thread.start();
    }

    public void pause() {
        lock.lock();
        try {
            paused = true;
            stepsLeft = 0;
            completeSteps();
        } finally {
            lock.unlock();
        }
    }

    public void resume() {
        lock.lock();
        try {
            paused = false;
            stepsLeft = 0;
            completeSteps();
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Pauses the loop and lets it run {@code n} more ticks at its rate.
     *
     * @return completes with the tick count once those ticks have run
     */
    public CompletableFuture<Long> step(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("step count must be at least 1, was " + n);
        }
        CompletableFuture<Long> done = new CompletableFuture<>();
        lock.lock();
        try {
            if (!running) {
                done.completeExceptionally(new IllegalStateException("the loop has stopped"));
                return done;
            }
            paused = true;
            stepsLeft += n;
            stepWaiters.add(done);
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        return done;
    }

    public void setHz(double hz) {
        this.hz = checkRate(hz);
        period = Clock.periodOf(hz);
        signal();
    }

    /**
     * Keeps the loop from ticking, while it still runs submitted work, until {@link #release()}:
     * a change made of several steps (install classes, run initializers) lands between the same
     * two ticks.
     *
     * <p>Called off the loop thread when the next tick is due sooner than holds have lately
     * lasted, it first waits for that tick to run: the change then lands in the gap after it,
     * and the tick is on time rather than late by the whole change.
     */
    public void hold() throws InterruptedException {
        lock.lock();
        try {
            long ticked = ticks;
            // A tick normally comes within a period; the bound is in real time, for a manual clock
            // that never reaches it.
            long waitNanos = HOLD_WAIT_LIMIT_NANOS;
            while (holds == 0 && running && ticks == ticked && !isLoopThread() && waitNanos > 0
                    && nextTickAt - clock.nanoTime() < holdGuard()) {
                waitNanos = wake.awaitNanos(waitNanos);
            }
            if (holds++ == 0) {
                heldSince = clock.nanoTime();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits, off the loop thread, until the next tick has run: for work that stops every thread,
     * such as a collection, so that it falls in the gap after a tick rather than on one. Returns
     * at once while the loop is paused or held; bounded in real time, like {@link #hold()}.
     */
    public void awaitNextTick() throws InterruptedException {
        lock.lock();
        try {
            long ticked = ticks;
            long waitNanos = HOLD_WAIT_LIMIT_NANOS;
            while (running && ticks == ticked && holds == 0 && nextTickAt != Long.MAX_VALUE && !isLoopThread()
                    && waitNanos > 0) {
                waitNanos = wake.awaitNanos(waitNanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** How close to a due tick a hold waits for it: about as long as a hold takes, at most half a period. */
    private long holdGuard() {
        return Math.min(2 * typicalHold, period / 2);
    }

    /** Ends one {@link #hold()}. */
    public void release() {
        lock.lock();
        try {
            if (holds == 0) {
                throw new IllegalStateException("release() without hold()");
            }
            if (--holds == 0) {
                long held = clock.nanoTime() - heldSince;
                typicalHold = typicalHold == 0 ? held : (3 * typicalHold + held) / 4;
            }
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the loop after the tick that brings the count to {@code tick}. */
    public void stopAfter(long tick) {
        lock.lock();
        try {
            tickLimit = tick;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Completes with the final tick count when the loop thread has ended. */
    public CompletableFuture<Long> stopped() {
        return stopped;
    }

    public boolean isPaused() {
        return paused;
    }

    public long ticks() {
        return ticks;
    }

    /** When the tick or task now running on the loop thread began ({@link System#nanoTime()}), or 0. */
    public long busySince() {
        return busySince;
    }

    /** Whether what is running now (see {@link #busySince()}) is a tick rather than submitted work. */
    public boolean busyTicking() {
        return busyTicking;
    }

    /** The loop thread, e.g. for a watchdog that stops user code running on it. */
    public Thread thread() {
        return thread;
    }

    public boolean isLoopThread() {
        return Thread.currentThread() == thread;
    }

    public LoopStatus status() {
        return new LoopStatus(ticks, hz, measuredHz(), paused, lastLateness);
    }

    /**
     * Runs {@code work} on the loop thread between two ticks (at once when called from the
     * loop thread).
     */
    public <T> CompletableFuture<T> submit(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        };
        if (isLoopThread()) {
            task.run();
            return result;
        }
        lock.lock();
        try {
            if (!running) {
                result.completeExceptionally(new IllegalStateException("the loop has stopped"));
                return result;
            }
            tasks.add(task);
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        return result;
    }

    /** Like {@link #submit} but waits, and rethrows what {@code work} threw. */
    public <T> T call(Callable<T> work) throws Exception {
        try {
            return submit(work).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw (Error) cause;
        }
    }

    /** Stops the loop after the current tick and waits for its thread to end. */
    @Override
    public void close() throws InterruptedException {
        lock.lock();
        try {
            running = false;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread.isAlive() && !isLoopThread()) {
            thread.join();
        }
    }

    private void run() {
        // Short slices let the loop preempt a busy thread when it wakes for a tick: 0.1 ms took
        // the loop's own lateness p99 from 3.1-3.4 ms to 0.5-2.2 ms while changes compiled (2 cores).
        SchedulerSlice.request(SLICE_NANOS);
        lock.lock();
        try {
            long next = clock.nanoTime();
            long scheduledWith = period; // the period that set next
            boolean idle = true;
            while (running) {
                runTasks();
                if (!running || ticks >= tickLimit) {
                    break; // stopAfter() may name a tick already run: stop without another
                }
                if ((paused && stepsLeft == 0) || holds > 0) {
                    idle = true;
                    nextTickAt = Long.MAX_VALUE;
                    wake.await();
                    continue;
                }
                long now = clock.nanoTime();
                long p = period;
                if (p != scheduledWith) {
                    next += p - scheduledWith; // setHz() applies to the tick already awaited
                    scheduledWith = p;
                }
                if (idle) {
                    // After a pause or hold, tick at once if a tick is due, without catching up on
                    // the missed ones; but never early, or each hold (every code change) adds a tick.
                    next = Math.max(next, now);
                    idle = false;
                }
                nextTickAt = next;
                if (now < next) {
                    clock.awaitUntil(next, wake);
                    continue; // re-check work and pause state before ticking
                }
                if (stepsLeft > 0 && --stepsLeft == 0) {
                    idle = true;
                }
                lastLateness = now - next;
                lock.unlock();
                try {
                    tick(now);
                } finally {
                    lock.lock();
                }
                wake.signalAll(); // a change waiting for this tick to pass may begin
                if (stepsLeft == 0 && paused) {
                    completeSteps();
                }
                p = period;
                scheduledWith = p;
                next += p;
                if (now - next > p) {
                    next = now + p; // fell behind by more than a tick: skip, don't burst
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
            completeSteps();
            for (Runnable task : tasks) {
                task.run(); // let pending work finish rather than leave its caller waiting forever
            }
            tasks.clear();
            lock.unlock();
            stopped.complete(ticks);
        }
    }

    /** Runs queued work with the lock released, so submitters never wait on a running task. */
    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            lock.unlock();
            try {
                busyTicking = false;
                busySince = System.nanoTime() | 1; // real time, whatever the clock; never 0 while busy
                task.run();
            } finally {
                busySince = 0;
                lock.lock();
            }
        }
    }

    private void tick(long now) {
        long n = ticks + 1;
        try {
            busyTicking = true;
            busySince = System.nanoTime() | 1;
            ticker.tick(n);
        } catch (Throwable e) {
            // The ticker guards user code itself; anything that escapes is a host bug. The loop
            // must outlive it, so log it and go on.
            LOG.log(System.Logger.Level.ERROR, "tick " + n + " failed", e);
        } finally {
            busySince = 0;
        }
        tickTimes[(int) (n % RATE_WINDOW)] = now;
        ticks = n;
    }

    private double measuredHz() {
        long n = ticks;
        if (n < 2) {
            return 0;
        }
        long newest = tickTimes[(int) (n % RATE_WINDOW)];
        if (clock.nanoTime() - newest > 2 * Math.max(period, 500_000_000L)) {
            return 0; // no recent ticks: paused or stalled
        }
        long span = Math.min(n - 1, RATE_WINDOW - 1);
        long oldest = tickTimes[(int) ((n - span) % RATE_WINDOW)];
        return newest == oldest ? 0 : span * 1e9 / (newest - oldest);
    }

    private void completeSteps() {
        for (CompletableFuture<Long> waiter : stepWaiters) {
            waiter.complete(ticks);
        }
        stepWaiters.clear();
    }

    private void signal() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Checks a tick rate; returns it. */
    public static double checkRate(double hz) {
        if (!(hz > 0 && hz <= 10_000)) {
            throw new IllegalArgumentException("tick rate must be above 0 and at most 10000 Hz, was " + hz);
        }
        return hz;
    }
}
