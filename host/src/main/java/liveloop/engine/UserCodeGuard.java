package liveloop.engine;

/**
 * What instrumented user code calls: a cancellation check at every method entry and before
 * every backward branch, and stand-ins for {@code System.exit}, {@code Runtime.exit} and
 * {@code Runtime.halt}. {@code Thread.stop} is gone (JDK 20+), so runaway code is stopped by
 * making it throw at its next check. Public only because snippet code, in another package,
 * calls it.
 */
public final class UserCodeGuard {
    /** The thread whose user code must stop, or null; one volatile read per check. */
    private static volatile Thread cancelled;
    private static volatile String reason = "";

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
     * Makes the user code running on {@code thread} throw at its next check, and again at
     * every check after that (code that catches the error and loops on is stopped again)
     * until {@link #clear}.
     */
    static void cancel(Thread thread, String why) {
        reason = why;
        cancelled = thread;
    }

    /** Ends a cancellation once the cancelled work has returned. */
    static void clear(Thread thread) {
        if (cancelled == thread) {
            cancelled = null;
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
