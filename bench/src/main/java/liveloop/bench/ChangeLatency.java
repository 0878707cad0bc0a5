package liveloop.bench;

/**
 * How soon a change runs: from saving the script, or from submitting a redefinition at the
 * prompt, to the start of the first tick that runs the new code. One change at a time, each
 * waited for, as a user makes them.
 */
final class ChangeLatency {
    /**
     * Changes made and thrown away first, so that the figures are a running session's: the JIT
     * compiles javac for hundreds of changes, and on two cores that competes with javac itself.
     * JShell's compile of a changed method took 15.8 ms (median) over a fresh host's first 200
     * changes, 7.8 ms over changes 600 to 800 and 6.9 ms over 1,300 to 1,500 (JDK 17).
     */
    static final int WARM_UP = 500;

    private ChangeLatency() {}

    /** Milliseconds from each save of one method in the 50-line script to its first tick. */
    static Samples saves(double hz, int count) throws Exception {
        try (ProbedHost host = ProbedHost.start(hz)) {
            for (int i = 0; i < WARM_UP; i++) {
                host.save();
            }
            Samples millis = new Samples();
            for (int i = 0; i < count; i++) {
                millis.add(host.save());
                Progress.every(50, i + 1, count, "saves");
            }
            return millis;
        }
    }

    /** Milliseconds from each prompt redefinition ({@code LiveLoop.eval}) to its first tick. */
    static Samples prompts(double hz, int count) throws Exception {
        try (ProbedHost host = ProbedHost.start(hz)) {
            for (int i = 0; i < WARM_UP; i++) {
                host.prompt();
            }
            Samples millis = new Samples();
            for (int i = 0; i < count; i++) {
                millis.add(host.prompt());
                Progress.every(50, i + 1, count, "prompt redefinitions");
            }
            return millis;
        }
    }
}
