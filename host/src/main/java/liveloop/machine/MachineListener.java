package liveloop.machine;

/** What the state machine reports. Called on the loop thread; keep it quick. */
public interface MachineListener {
    void transitioned(String from, String to, long tick);

    /**
     * A problem that stops the machine from moving: a missing state, an unknown next state, a
     * null result. Reported once, not once per tick, until the problem changes.
     */
    void stuck(String state, String problem, long tick);

    /** User code threw: the machine has stopped advancing until the host resumes it. */
    void faulted(String state, String phase, Throwable error, long tick);

    MachineListener NONE = new MachineListener() {
        @Override
        public void transitioned(String from, String to, long tick) {}

        @Override
        public void stuck(String state, String problem, long tick) {}

        @Override
        public void faulted(String state, String phase, Throwable error, long tick) {}
    };
}
