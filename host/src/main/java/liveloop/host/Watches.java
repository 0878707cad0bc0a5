package liveloop.host;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import liveloop.machine.Behaviours;

/**
 * Expressions the user watches: each is compiled once as a method {@code String $watchN()},
 * which the loop calls after every Nth tick; the latest value is kept for display.
 */
final class Watches {
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();

    private static final class Watch {
        final String expression;
        final String method;
        final long every;
        volatile String value = "…";

        Watch(String expression, String method, long every) {
            this.expression = expression;
            this.method = method;
            this.every = every;
        }
    }

    /** A name for the next watch's method, which no user code uses. */
    String nextMethodName() {
        return "$watch" + count.incrementAndGet();
    }

    void add(String expression, String method, long every) {
        watches.add(new Watch(expression, method, every));
    }

    void clear() {
        watches.clear();
    }

    /** {@code expression = value}, one per watch. */
    List<String> describe() {
        return watches.stream().map(w -> w.expression + " = " + w.value).toList();
    }

    /**
     * After tick {@code tick}, on the loop thread: the watches that are due read their values.
     *
     * @param afterEach ends what each read was (a watch stopped by the watchdog stops there)
     */
    void update(long tick, Behaviours code, Runnable afterEach) {
        for (Watch w : watches) {
            if (tick % w.every != 0) {
                continue;
            }
            Behaviours.State read = code.state(w.method);
            try {
                w.value = read == null ? "(not declared)" : read.run();
            } catch (Throwable e) {
                w.value = "threw " + e;
            } finally {
                afterEach.run();
            }
        }
    }
}
