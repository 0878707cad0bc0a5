package liveloop.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import liveloop.loop.TickLoop;

/**
 * Stops user code that runs too long on the loop thread: a tick past its budget, or an
 * evaluation past its own (longer) budget, is cancelled; the code throws
 * {@link UserCodeGuard.CancelledError} at its next check and the loop goes on.
 *
 * <p>Code that waits reaches no check: a sleep, {@code Object.wait()}, a lock, I/O. Once
 * cancelled, such work is also interrupted, which wakes sleeps, waits, interruptible locks and
 * channels, and what it waits on is reported, once per work: the call it waits in, the lock and
 * the thread holding it, the user's frames. A thread blocked entering a {@code synchronized}
 * block cannot be interrupted; the report says so, and who holds the monitor.
 *
 * <pre>{@code
 * Watchdog watchdog = new Watchdog(loop, Duration.ofSeconds(1), Duration.ofSeconds(10),
 *         line -> output.line(Output.Kind.ERROR, line));
 * watchdog.start();
 * }</pre>
 */
public final class Watchdog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Watchdog.class.getName());
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int REPORTED_FRAMES = 3;

    private final TickLoop loop;
    private final long tickBudget;
    private final long evaluationBudget;
    private final Consumer<String> report;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile StopRequest stopRequest; // the user's latest, from any thread
    // Watchdog thread only.
    private long stoppedWork; // the busy stamp of the work last cancelled
    private String stoppedBecause; // how that work came to be stopped, for the report
    private boolean reported; // whether what that work waits on has been reported

    private record StopRequest(long since, String why) {}

    /**
     * @param tickBudget how long one tick may run
     * @param evaluationBudget how long one evaluation (a prompt input, a script's statement)
     *     may run
     * @param report told, in one line, what a cancelled tick or evaluation is stuck waiting on;
     *     called on the watchdog's thread
     */
    public Watchdog(TickLoop loop, Duration tickBudget, Duration evaluationBudget, Consumer<String> report) {
        this.loop = loop;
        this.tickBudget = tickBudget.toNanos();
        this.evaluationBudget = evaluationBudget.toNanos();
        this.report = report;
        this.thread = new Thread(this::watch, "liveloop-watchdog");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /**
     * Stops the user code running on the loop now, at the user's request (Ctrl-C, {@code /stop}):
     * it throws an error that says {@code why} at its next check, and if it waits, it is woken and
     * what it waits on reported as for work past its budget.
     *
     * @return false if no user code was running
     */
    public boolean stopNow(String why) {
        long since = loop.busySince();
        if (since == 0 || !UserCodeGuard.cancel(loop.thread(), since, why)) {
            return false;
        }
        stopRequest = new StopRequest(since, why);
        LockSupport.unpark(thread); // look now, not at the next poll
        return true;
    }

    /**
     * Called on the loop thread after each tick: a cancellation, and any interrupt, ends with the
     * tick it stopped.
     */
    public void tickEnded() {
        UserCodeGuard.clear(Thread.currentThread());
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
    }

    private void watch() {
        long poll = Math.max(1_000_000L, Math.min(tickBudget, evaluationBudget) / 10);
        while (running) {
            try {
                look();
            } catch (OutOfMemoryError e) {
                // User code may fill the heap for a moment (an allocation bomb in a tick); the
                // watchdog must outlive that, and looks again at its next poll.
            }
            LockSupport.parkNanos(this, poll); // or less: stopNow() and close() unpark it
        }
    }

    private void look() {
        long since = loop.busySince();
        if (since == 0) {
            return;
        }
        boolean tick = loop.busyTicking();
        if (since != stoppedWork) {
            StopRequest request = stopRequest;
            if (request != null && request.since == since) {
                stoppedBecause = " was " + request.why; // stopNow() has cancelled it
            } else {
                long budget = tick ? tickBudget : evaluationBudget;
                if (System.nanoTime() - since <= budget) {
                    return;
                }
                stoppedBecause = " ran past its budget of " + budget / 1_000_000 + " ms";
                if (!UserCodeGuard.cancel(loop.thread(), since, work(tick) + stoppedBecause + " and was stopped")) {
                    return;
                }
            }
            stoppedWork = since;
            reported = false;
        }
        // Cancelled, and still running: running code stops at its next check, waiting code
        // needs waking, at every poll since code may catch the interrupt and wait again. The
        // whole stack: a library may go deep before it blocks, and the user's frames must show.
        ThreadInfo info = THREADS.getThreadInfo(loop.thread().getId(), Integer.MAX_VALUE);
        if (info == null || (info.getThreadState() == Thread.State.RUNNABLE && !info.isInNative())) {
            return;
        }
        int user = firstUserFrame(info.getStackTrace());
        if (user < 0) {
            // Host code, e.g. reporting the fault after the user's code has thrown: it returns by
            // itself, and an interrupt could close an interruptible channel of the host's.
            return;
        }
        boolean monitor = info.getThreadState() == Thread.State.BLOCKED;
        // Re-read just before: work that ends without clearing (neither a tick nor an
        // evaluation) must not leave an interrupt behind.
        if (!monitor && !(loop.busySince() == since && UserCodeGuard.interrupt(loop.thread()))) {
            return; // it has ended meanwhile
        }
        if (!reported) {
            reported = true;
            tell(work(tick) + stoppedBecause + " and " + stuck(info, user) + "; " + (monitor
                    ? "it cannot be interrupted, and goes on when " + holder(info) + " releases the monitor"
                    : "interrupted it (code that ignores interrupts, such as ReentrantLock.lock() or a stream read, waits on)"));
        }
    }

    private static String work(boolean tick) {
        return tick ? "the tick" : "the evaluation";
    }

    /** Where snippet code starts on {@code stack}, or -1 if there is none. */
    private static int firstUserFrame(StackTraceElement[] stack) {
        for (int i = 0; i < stack.length; i++) {
            if (stack[i].getClassName().startsWith("REPL.")) {
                return i;
            }
        }
        return -1;
    }

    /**
     * What the loop thread is stuck in, its snippet code starting at {@code user} on its stack:
     * {@code is waiting in java.lang.Thread.sleep, in nap() < start()}.
     */
    private static String stuck(ThreadInfo info, int user) {
        StackTraceElement[] stack = info.getStackTrace();
        StringBuilder what = new StringBuilder();
        if (info.getThreadState() == Thread.State.BLOCKED) {
            what.append("is blocked on monitor ").append(info.getLockName());
        } else {
            what.append(info.getThreadState() == Thread.State.RUNNABLE ? "is in native code, likely waiting for I/O," : "is waiting");
            if (user > 0) {
                StackTraceElement call = stack[user - 1]; // the JDK method the user's code called
                what.append(" in ").append(call.getClassName()).append('.').append(call.getMethodName());
            }
            if (info.getLockName() != null) {
                what.append(" on ").append(info.getLockName());
            }
        }
        if (info.getLockOwnerName() != null) {
            what.append(" held by ").append(holder(info));
        }
        // Frames in the form fault reports use; a carrier throwable because that is what they read.
        Throwable carrier = new Throwable();
        carrier.setStackTrace(Arrays.copyOfRange(stack, user, stack.length));
        List<String> frames = Outcomes.frames(carrier).stream()
                .map(frame -> frame.equals("do_it$()") ? "the snippet" : frame) // JShell's wrapper of a statement
                .limit(REPORTED_FRAMES)
                .collect(Collectors.toList());
        what.append(", in ").append(String.join(" < ", frames));
        return what.toString();
    }

    private static String holder(ThreadInfo info) {
        return info.getLockOwnerName() == null ? "its holder" : "thread \"" + info.getLockOwnerName() + "\"";
    }

    private void tell(String line) {
        try {
            report.accept(line);
        } catch (RuntimeException e) {
            // The report goes to the user's console; a failing sink must not end the watchdog.
            LOG.log(System.Logger.Level.WARNING, "could not report: " + line, e);
        }
    }
}
