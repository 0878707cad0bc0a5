package liveloop.console;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.Status;

/**
 * Lines kept at the bottom of the terminal, under the prompt, redrawn a few times a second
 * while the user types: JLine's {@link Status} keeps them out of the scrolling region, so the
 * prompt and what is printed above it scroll past them.
 *
 * <p>Drawing must not interleave with the reader's own: while a line is being read, the lines are
 * drawn by a widget (JLine runs widgets under its lock); otherwise, directly. Every write of the
 * console, this one included, holds {@link #screen}.
 */
final class StatusArea implements AutoCloseable {
    private static final long REFRESH_MILLIS = 100;
    private static final String DRAW = "liveloop-status";

    private final Object screen;
    private final LineReader reader;
    private final Status status;
    private ScheduledExecutorService refresher;
    private volatile Supplier<List<String>> source;
    private volatile List<AttributedString> lines = List.of();
    private int height; // of the area on screen; guarded by the screen monitor or JLine's lock, whichever draws

    /**
     * @param screen the monitor every write to the terminal holds
     */
    StatusArea(Object screen, Terminal terminal, LineReader reader) {
        this.screen = screen;
        this.reader = reader;
        // Made before the reader draws its first prompt, so that prompt is placed above it. A
        // terminal that cannot scroll part of the screen (a dumb one) gets no status area.
        this.status = canKeepLines(terminal) ? Status.getStatus(terminal) : null;
        reader.getWidgets().put(DRAW, () -> {
            update();
            return true;
        });
    }

    /**
     * Shows {@code source}'s lines from now on, the last one in reverse video as a status bar.
     * Called again, replaces the source.
     */
    void show(Supplier<List<String>> source) {
        if (status == null) {
            return;
        }
        synchronized (screen) {
            if (refresher != null) {
                refresher.shutdownNow();
            }
            refresher = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread t = new Thread(task, "liveloop-status");
                t.setDaemon(true);
                return t;
            });
            this.source = source;
            refresh(source); // before the first prompt, which is then drawn above the area
            refresher.scheduleWithFixedDelay(() -> {
                try {
                    refresh(source);
                } catch (RuntimeException e) {
                    // A periodic task that throws is never run again: the area would freeze.
                    System.getLogger(StatusArea.class.getName()).log(System.Logger.Level.DEBUG, "status refresh", e);
                }
            }, REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Draws the latest lines now; called before each prompt, so the prompt is placed above an
     * area that already has its new height.
     */
    void refreshNow() {
        Supplier<List<String>> current = source;
        if (current != null) {
            refresh(current);
        }
    }

    private void refresh(Supplier<List<String>> source) {
        List<AttributedString> next;
        try {
            next = styled(source.get());
        } catch (RuntimeException e) {
            next = List.of(new AttributedString("status unavailable: " + e, AttributedStyle.INVERSE));
        }
        if (next.equals(lines)) {
            return;
        }
        lines = next;
        synchronized (screen) {
            draw();
        }
    }

    /** Draws the current lines; the caller holds {@link #screen}. */
    private void draw() {
        if (reader.isReading()) {
            try {
                reader.callWidget(DRAW);
                return;
            } catch (IllegalStateException e) {
                // The line was handed over just now: nobody else draws, so draw directly.
            }
        }
        update();
    }

    /**
     * Draws {@link #lines} in an area that never shrinks (fewer lines are padded at its top) and
     * grows only between two prompts. Status redraws only what differs from the lines it drew,
     * assuming they are where it drew them; growing, it scrolls the screen above and draws the new
     * lines higher, so it would leave the old text half-erased. Blanked first, the old lines stay
     * correct where Status thinks they are. While a line is typed, lines that do not fit wait for
     * the next prompt (the status bar, last, always fits), as Status misplaces the line being typed.
     */
    private void update() {
        List<AttributedString> now = new ArrayList<>(lines);
        if (now.size() > height) {
            status.update(Collections.nCopies(height, AttributedString.EMPTY));
            height = now.size();
            status.update(now);
            if (reader.isReading()) {
                reader.callWidget(LineReader.REDRAW_LINE);
                reader.callWidget(LineReader.REDISPLAY);
            }
            return;
        }
        while (now.size() > height) {
            now.remove(0);
        }
        while (now.size() < height) {
            now.add(0, AttributedString.EMPTY);
        }
        status.update(now);
    }

    /** What {@link Status} needs of the terminal; without it, it would draw nothing but still fail to close. */
    private static boolean canKeepLines(Terminal terminal) {
        return terminal.getStringCapability(Capability.change_scroll_region) != null
                && terminal.getStringCapability(Capability.save_cursor) != null
                && terminal.getStringCapability(Capability.restore_cursor) != null
                && terminal.getStringCapability(Capability.cursor_address) != null;
    }

    private static List<AttributedString> styled(List<String> text) {
        List<AttributedString> styled = new ArrayList<>(text.size());
        for (int i = 0; i < text.size(); i++) {
            boolean bar = i == text.size() - 1;
            styled.add(new AttributedString(text.get(i), bar ? AttributedStyle.INVERSE : AttributedStyle.DEFAULT));
        }
        return styled;
    }

    /** Stops redrawing and gives the whole screen back to scrolling, for the shell after us. */
    @Override
    public void close() {
        if (status == null) {
            return;
        }
        synchronized (screen) {
            if (refresher != null) {
                refresher.shutdownNow();
            }
            lines = List.of();
            status.update(lines);
            status.close();
        }
    }
}
