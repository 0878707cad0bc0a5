package liveloop.host;

import liveloop.engine.SnippetResult;
import liveloop.engine.UserCodeGuard;
import liveloop.machine.MachineListener;

/**
 * Tells the user what the state machine ran into, and pauses it when user code throws: a
 * behaviour that throws is reported once, not once per tick. Also keeps the one-line summary of
 * the last change for status displays.
 */
final class Faults implements MachineListener {
    private final Output output;
    private final Runnable pause;
    private volatile boolean pausedByFault;
    private volatile String lastChange = "";

    Faults(Output output, Runnable pause) {
        this.output = output;
        this.pause = pause;
    }

    @Override
    public void transitioned(String from, String to, long tick) {
        // Transitions are the script's to show (its enter_ hooks); printing each would flood
        // the prompt for machines that move every tick.
    }

    @Override
    public void stuck(String state, String problem, long tick) {
        output.line(Output.Kind.ERROR, "state " + state + " at tick " + tick + ": " + problem);
    }

    @Override
    public void faulted(String state, String phase, Throwable error, long tick) {
        SnippetResult.Failure failure = SnippetResult.Failure.of(error);
        String what = error instanceof UserCodeGuard.CancelledError
                ? phase + " was stopped at tick " + tick + ": " + error.getMessage()
                : phase + " threw " + failure.headline() + " at tick " + tick;
        output.line(Output.Kind.ERROR, what + "; the machine is paused in state " + state
                + " (fix the code, or /resume)");
        for (String frame : failure.frames()) {
            output.line(Output.Kind.ERROR, "      at " + frame);
        }
        pausedByFault = true;
        pause.run();
    }

    boolean pausedByFault() {
        return pausedByFault;
    }

    void cleared() {
        pausedByFault = false;
    }

    String lastChange() {
        return lastChange;
    }

    void lastChange(String description) {
        lastChange = description;
    }
}
