package liveloop.engine;

import java.time.Duration;
import liveloop.loop.TickLoop;

/**
 * Stops user code that runs too long on the loop thread: a tick past its budget, or an
 * evaluation past its own (longer) budget, is cancelled; the code throws
 * {@link UserCodeGuard.CancelledError} at its next check and the loop goes on.
 */
public final class Watchdog implements AutoCloseable {
    private final TickLoop loop;
    private final long tickBudget;
    private final long evaluationBudget;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param tickBudget how long one tick may run
     * @param evaluationBudget how long one evaluation (a prompt input, a script's statement)
     *     may run
     */
    public Watchdog(TickLoop loop, Duration tickBudget, Duration evaluationBudget) {
        this.loop = loop;
        this.tickBudget = tickBudget.toNanos();
        this.evaluationBudget = evaluationBudget.toNanos();
        this.thread = new Thread(this::watch, "liveloop-watchdog");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /**
     * Stops the user code running on the loop now, at the user's request (Ctrl-C, {@code /stop}).
     *
     * @return false if no user code was running
     */
    public boolean stopNow(String why) {
        if (loop.busySince() == 0) {
            return false;
        }
        UserCodeGuard.cancel(loop.thread(), why);
        return true;
    }

    /** Called on the loop thread after each tick: a cancellation ends with the tick it stopped. */
    public void tickEnded() {
        UserCodeGuard.clear(Thread.currentThread());
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    private void watch() {
        long poll = Math.max(1_000_000L, Math.min(tickBudget, evaluationBudget) / 10);
        long cancelledWork = 0;
        while (running) {
            long since = loop.busySince();
            if (since != 0 && since != cancelledWork) {
                boolean tick = loop.busyTicking();
                long budget = tick ? tickBudget : evaluationBudget;
                if (System.nanoTime() - since > budget) {
                    cancelledWork = since;
                    UserCodeGuard.cancel(loop.thread(), (tick ? "the tick" : "the evaluation") + " ran past its budget of "
                            + budget / 1_000_000 + " ms and was stopped");
                }
            }
            try {
                Thread.sleep(poll / 1_000_000, (int) (poll % 1_000_000));
            } catch (InterruptedException e) {
                return; // closed
            }
        }
    }
}
