package liveloop.console;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Draws on the terminal from one thread of its own, in the order the drawings were sent, so
 * that whoever sends one never waits for the line reader.
 *
 * <p>JLine draws a line above the prompt under its lock, and it holds that lock while it asks the
 * session whether the typed input is complete. Were the loop thread to wait there, printing
 * in a tick, it would wait for the session; and the session may be waiting for the loop
 * thread: javac flushes {@code System.err}, whose lock that printing loop thread holds.
 *
 * <p>Output sent faster than the terminal takes it is counted and dropped rather than held
 * without bound; the count is reported once the writer catches up, and every second until then.
 */
final class ScreenWriter implements AutoCloseable {
    static final int MAX_WAITING = 10_000;
    private static final long CLOSE_WAIT_MILLIS = 2_000;
    private static final long REPORT_EVERY_NANOS = 1_000_000_000L;
    private static final Runnable STOP = () -> {};

    private final BlockingQueue<Runnable> waiting = new ArrayBlockingQueue<>(MAX_WAITING);
    private final AtomicLong dropped = new AtomicLong();
    private final LongConsumer reportDropped;
    private final Thread thread;

    /** @param reportDropped draws a note that this many lines of output were dropped (on the writer's thread) */
    ScreenWriter(LongConsumer reportDropped) {
        this.reportDropped = reportDropped;
        this.thread = new Thread(this::run, "liveloop-screen");
        thread.setDaemon(true);
        thread.start();
    }

    /** Draws {@code drawing} soon, after everything sent before it; returns at once. */
    void send(Runnable drawing) {
        if (Thread.currentThread() == thread) {
            drawing.run();
        } else if (!waiting.offer(drawing)) {
            dropped.incrementAndGet();
        }
    }

    /** Draws {@code drawing} after everything sent before it, and returns once it is drawn. */
    void sendAndWait(Runnable drawing) {
        if (Thread.currentThread() == thread || !thread.isAlive()) {
            drawing.run();
            return;
        }
        CountDownLatch drawn = new CountDownLatch(1);
        try {
            waiting.put(() -> {
                try {
                    drawing.run();
                } finally {
                    drawn.countDown();
                }
            });
            drawn.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Draws what is waiting, then stops the thread; a terminal that takes longer is left behind. */
    @Override
    public void close() {
        try {
            if (waiting.offer(STOP, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                thread.join(CLOSE_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            Runnable drawing;
            long reported = System.nanoTime();
            while ((drawing = waiting.take()) != STOP) {
                draw(drawing);
                // Once caught up, or once a second while output floods in: one note, not one per gap.
                if (waiting.isEmpty() || System.nanoTime() - reported > REPORT_EVERY_NANOS) {
                    reportDropped();
                    reported = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reportDropped() {
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            draw(() -> reportDropped.accept(lost));
        }
    }

    private static void draw(Runnable drawing) {
        try {
            drawing.run();
        } catch (RuntimeException e) {
            // One drawing that failed (a closed terminal) must not silence the rest.
            System.getLogger(ScreenWriter.class.getName()).log(System.Logger.Level.DEBUG, "drawing", e);
        }
    }
}
