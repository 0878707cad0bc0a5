package liveloop.host;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import liveloop.engine.SnippetResult;
import liveloop.engine.UserCodeGuard;
import liveloop.machine.MachineListener;

/**
 * What the host does when the state machine runs into trouble. A behaviour that throws is
 * reported once with its user-code frames, then the {@link FaultPolicy} applies; a behaviour
 * that keeps failing (a crash loop) is quarantined: the machine pauses and stays paused until
 * the user resumes it. Also keeps the one-line summary of the last change for status displays.
 */
final class Faults implements MachineListener {
    /** How the host pauses, resumes and rolls back; the loop and engine live in {@link LiveLoop}. */
    interface Actions {
        void pause();

        void resume();

        /** Rolls behaviour {@code name} back; completes with the version now running, if any. */
        CompletableFuture<Optional<String>> rollBack(String name, String why);

        /** Changes whenever the code changes (see {@link liveloop.machine.Behaviours#version()}). */
        long codeVersion();
    }

    private final Output output;
    private final Actions actions;
    private final FaultPolicy policy;
    private final int crashLimit;
    private final long crashWindowNanos;
    private final Deque<Long> recentFaults = new ArrayDeque<>(); // loop thread
    private volatile boolean pausedByFault;
    private volatile boolean quarantined;
    private volatile long faultedCode = -1; // the code version the last fault happened under
    private volatile String lastChange = "";

    Faults(Output output, Actions actions, FaultPolicy policy, int crashLimit, Duration crashWindow) {
        this.output = output;
        this.actions = actions;
        this.policy = policy;
        this.crashLimit = crashLimit;
        this.crashWindowNanos = crashWindow.toNanos();
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
        faultedCode = actions.codeVersion();
        pausedByFault = true;
        actions.pause(); // first: a failing behaviour must not fail again every tick meanwhile
        boolean crashLoop = countFault();
        String then;
        if (crashLoop) {
            quarantined = true;
            then = "; it failed " + crashLimit + " times within " + crashWindowNanos / 1_000_000_000.0
                    + " s: quarantined, the machine is paused in state " + state + " until you /resume";
        } else if (policy == FaultPolicy.ROLLBACK && phase.endsWith("()")) {
            then = "; rolling " + phase + " back";
        } else {
            then = "; the machine is paused in state " + state + " (fix the code, or /resume)";
        }
        output.line(Output.Kind.ERROR, what + then);
        for (String frame : failure.frames()) {
            output.line(Output.Kind.ERROR, "      at " + frame);
        }
        if (!crashLoop && policy == FaultPolicy.ROLLBACK && phase.endsWith("()")) {
            String name = phase.substring(0, phase.length() - 2);
            actions.rollBack(name, what).whenComplete((version, problem) -> rolledBack(phase, state, version, problem));
        }
    }

    private void rolledBack(String phase, String state, Optional<String> version, Throwable problem) {
        if (problem == null && version.isPresent()) {
            output.line(Output.Kind.ERROR, "ROLLED BACK " + phase + " to " + version.get()
                    + ", the newest that ran without error; the failing version is rejected (see /state)");
            pausedByFault = false;
            actions.resume();
        } else {
            output.line(Output.Kind.ERROR, "no other version of " + phase + " ran without error"
                    + (problem == null ? "" : " (" + problem + ")")
                    + "; the machine is paused in state " + state + " (fix the code, or /resume)");
        }
    }

    /** Records a fault; true if it makes a crash loop. */
    private boolean countFault() {
        long now = System.nanoTime();
        synchronized (recentFaults) {
            recentFaults.addLast(now);
            while (now - recentFaults.peekFirst() > crashWindowNanos) {
                recentFaults.removeFirst();
            }
            if (recentFaults.size() >= crashLimit) {
                recentFaults.clear();
                return true;
            }
            return false;
        }
    }

    /**
     * Whether a change that has landed should resume the machine: paused by a fault under older
     * code (not by the change's own first tick), and not quarantined.
     */
    boolean resumesOnChange() {
        return pausedByFault && !quarantined && faultedCode < actions.codeVersion();
    }

    void cleared() {
        pausedByFault = false;
        quarantined = false;
    }

    String lastChange() {
        return lastChange;
    }

    void lastChange(String description) {
        lastChange = description;
    }
}
