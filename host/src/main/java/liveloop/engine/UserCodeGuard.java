package liveloop.engine;

/**
 * What instrumented user code calls: a cancellation check at every method entry and before
 * every backward branch, and stand-ins for {@code System.exit}, {@code Runtime.exit} and
 * {@code Runtime.halt}. {@code Thread.stop} is gone (JDK 20+), so runaway code is stopped by
 * making it throw at its next check; code blocked where no check runs (a sleep, a wait, a lock,
 * I/O) is also interrupted. Public only because snippet code, in another package, calls it.
 *
 * <p>A cancellation and its interrupt are aimed at one piece of work (an evaluation, a tick) and
 * must never reach what the thread does next: the host's own waiting between ticks would take an
 * interrupt as the end of the loop. So they are only made while the work has not ended, and the
 * end of the work ({@link #clear}) takes both back, under one lock.
 */
public final class UserCodeGuard {
    /** The thread whose user code must stop, or null; one volatile read per check. */
    private static volatile Thread cancelled;
    private static volatile String reason = "";

    private static final Object LOCK = new Object();
    // Guarded by LOCK: when user code last ended, and on which thread. One slot, like cancelled,
    // since one loop thread runs user code; with several hosts in one JVM the slots are shared,
    // and a cancellation that comes too late stops the host's next work instead.
    private static Thread endedOn;
    private static long endedAt;

    private UserCodeGuard() {}

    /** Throws {@link CancelledError} if the running user code has been cancelled. */
    public static void check() {
        if (cancelled == Thread.currentThread()) {
            throw new CancelledError(reason);
        }
    }

    public static void exit(int status) {
        throw new SecurityException("System.exit(" + status + ") would stop the host; "
                + "live code may not exit (use /exit to quit)");
    }

    public static void exit(Runtime runtime, int status) {
        throw new SecurityException("Runtime.exit(" + status + ") would stop the host; "
                + "live code may not exit (use /exit to quit)");
    }

    public static void halt(Runtime runtime, int status) {
        throw new SecurityException("Runtime.halt(" + status + ") would stop the host; "
                + "live code may not exit (use /exit to quit)");
    }

    /**
     * Makes the user code running on {@code thread} throw at its next check, and again at every
     * check after that (code that catches the error and loops on is stopped again) until
     * {@link #clear}; unless the work that began at {@code since} ({@link System#nanoTime()}) has
     * already ended, in which case nothing happens.
     *
     * @return whether the work was cancelled
     */
    static boolean cancel(Thread thread, long since, String why) {
        synchronized (LOCK) {
            if (endedOn == thread && endedAt - since >= 0) {
                return false; // it ended between the watchdog's look and now
            }
            reason = why;
            cancelled = thread;
            return true;
        }
    }

    /**
     * Interrupts {@code thread} if its user code is cancelled and has not ended yet: wakes a
     * sleep, a wait, an interruptible lock or channel, none of which reach a check.
     *
     * @return whether it was interrupted
     */
    static boolean interrupt(Thread thread) {
        synchronized (LOCK) {
            if (cancelled != thread) {
                return false;
            }
            thread.interrupt();
            return true;
        }
    }

    /**
     * Called on the loop thread when an evaluation or a tick has returned: ends its cancellation,
     * and clears the thread's interrupt status, whether the watchdog set it or the user's code
     * did ({@code Thread.currentThread().interrupt()}); left set, the loop's next wait would throw
     * and end the loop.
     */
    static void clear(Thread thread) {
        synchronized (LOCK) {
            endedOn = thread;
            endedAt = System.nanoTime();
            if (cancelled == thread) {
                cancelled = null;
            }
        }
        if (thread == Thread.currentThread()) {
            Thread.interrupted(); // after the lock: no interrupt can be aimed at this work any more
        }
    }

    /** Thrown into user code that ran past its budget. */
    public static final class CancelledError extends Error {
        private static final long serialVersionUID = 1L;

        CancelledError(String message) {
            super(message);
        }
    }
}
