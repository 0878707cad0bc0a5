package liveloop.loop;

/**
 * A snapshot of the loop for status displays.
 *
 * @param ticks ticks run so far
 * @param targetHz the configured rate
 * @param actualHz the rate measured over the last ticks, 0 when not ticking
 * @param paused whether ticking is paused
 * @param lastLatenessNanos how late the last tick started against its schedule
 */
public record LoopStatus(long ticks, double targetHz, double actualHz, boolean paused, long lastLatenessNanos) {}
