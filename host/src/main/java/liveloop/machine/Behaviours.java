package liveloop.machine;

/**
 * Where the state machine finds the code it runs, by name. The engine implements it over the
 * live session; tests implement it over plain lambdas.
 */
public interface Behaviours {
    /** A state: runs one tick and returns the name of the next state. */
    @FunctionalInterface
    interface State {
        String run() throws Throwable;
    }

    /** An enter or exit hook. */
    @FunctionalInterface
    interface Hook {
        void run() throws Throwable;
    }

    /**
     * Changes whenever what {@link #state} or {@link #hook} return may have changed, so the
     * machine re-resolves only then; a tick otherwise costs one volatile read and one call.
     */
    long version();

    /** The state method {@code String name()}, or null if there is none. */
    State state(String name);

    /** The hook method {@code name()} (any return type), or null if there is none. */
    Hook hook(String name);
}
