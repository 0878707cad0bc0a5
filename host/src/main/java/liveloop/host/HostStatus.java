package liveloop.host;

import liveloop.loop.LoopStatus;

/**
 * A snapshot of the running host, for {@code /state} and status lines.
 *
 * @param state the state machine's current state
 * @param loop the tick loop's counters
 * @param lastChange the last change applied, e.g. {@code scripts/traffic.jsh ok at tick 1234}, or
 *     empty
 * @param redefinesInPlace whether classes are redefined in place, so objects of a redefined class
 *     run its new code (the agent is present); top-level methods change in place either way
 */
public record HostStatus(String state, LoopStatus loop, String lastChange, boolean redefinesInPlace) {
    /** One line: {@code state green · tick 1234 · 60.0/60 Hz · running}. */
    public String describe() {
        String line = String.format("state %s · tick %d · %.1f/%s Hz · %s", state, loop.ticks(), loop.actualHz(),
                formatHz(loop.targetHz()), loop.paused() ? "paused" : "running");
        return lastChange.isEmpty() ? line : line + " · last change: " + lastChange;
    }

    /** A rate as people write it: {@code 60}, {@code 7.5}. */
    public static String formatHz(double hz) {
        return hz == Math.rint(hz) ? String.valueOf((long) hz) : String.valueOf(hz);
    }
}
