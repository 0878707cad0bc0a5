package liveloop.host;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import liveloop.machine.Behaviours;

/**
 * What the loop computes after a tick for display: expressions the user watches, each compiled
 * once as a method {@code String $watchN()} and called after every Nth tick, and the scripts'
 * own {@code String view()}, called after every tick while someone reads it. The latest values
 * are kept for display.
 */
final class Watches {
    /** The method whose text is drawn under the prompt, if the scripts declare it. */
    static final String VIEW = "view";
    /** A view is a few lines under the prompt, not a screen. */
    static final int MAX_VIEW_LINES = 12;
    /** A view nobody has read for this long is no longer computed. */
    private static final long VIEW_READERS_GONE_NANOS = 1_000_000_000L;

    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile List<String> view = List.of();
    private volatile long viewReadAt = System.nanoTime() - VIEW_READERS_GONE_NANOS;

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

    /**
     * The view's lines as of the last tick (empty if there is no {@code view()}); from now on,
     * for a second, each tick computes it.
     */
    List<String> view() {
        viewReadAt = System.nanoTime();
        return view;
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
        if (System.nanoTime() - viewReadAt < VIEW_READERS_GONE_NANOS) {
            view = readView(code, afterEach);
        }
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

    private static List<String> readView(Behaviours code, Runnable afterEach) {
        Behaviours.State read = code.state(VIEW);
        if (read == null) {
            return List.of();
        }
        try {
            String text = read.run();
            return text == null ? List.of() : text.lines().limit(MAX_VIEW_LINES).toList();
        } catch (Throwable e) {
            return List.of(VIEW + "() threw " + e);
        } finally {
            afterEach.run();
        }
    }
}
