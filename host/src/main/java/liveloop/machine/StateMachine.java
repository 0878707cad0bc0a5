package liveloop.machine;

import java.util.Objects;

/**
 * The state machine the loop ticks. A state named {@code green} is the method
 * {@code String green()}; each tick calls the current state's method, which returns the next
 * state's name (its own name to stay).
 *
 * <p>Hooks: on a transition from {@code a} to {@code b} the machine calls {@code exit_a()}, then
 * {@code enter_b()}, each only if defined. {@code enter_<start>()} runs once, just before the
 * start state first runs.
 *
 * <p>Faults: when user code throws, the listener is told and the tick is abandoned; the
 * machine stays in its state. An unknown next state, a missing state method or a null result
 * is reported once and the machine stays where it is, retrying each tick, so defining the
 * missing method fixes it live.
 *
 * <p>Confined to the loop thread, apart from {@link #state()}.
 */
public final class StateMachine {
    public static final String ENTER_PREFIX = "enter_";
    public static final String EXIT_PREFIX = "exit_";

    private final Behaviours behaviours;
    private final MachineListener listener;
    private volatile String current;
    private boolean entered;
    private long resolvedVersion = -1;
    private String resolvedName;
    private Behaviours.State resolved;
    private String reportedProblem;

    public StateMachine(Behaviours behaviours, String start, MachineListener listener) {
        this.behaviours = Objects.requireNonNull(behaviours);
        this.listener = Objects.requireNonNull(listener);
        this.current = requireName(start);
    }

    /** The current state's name; safe from any thread. */
    public String state() {
        return current;
    }

    /**
     * Runs one tick.
     *
     * @return false if user code threw (the host decides what a fault does to the loop)
     */
    public boolean tick(long tick) {
        String state = current;
        Behaviours.State method = resolve(state);
        if (method == null) {
            stuck(state, "no state method String " + state + "() is defined", tick);
            return true;
        }
        if (!entered) {
            // Only now: a start state defined late is entered when it first runs, not skipped.
            if (!runHook(ENTER_PREFIX + state, state, tick)) {
                return false;
            }
            entered = true;
        }
        String next;
        try {
            next = method.run();
        } catch (Throwable e) {
            listener.faulted(state, state + "()", e, tick);
            return false;
        }
        if (next == null) {
            stuck(state, state + "() returned null; a state returns the next state's name", tick);
            return true;
        }
        if (next.equals(state)) {
            reportedProblem = null;
            return true;
        }
        if (behaviours.state(next) == null) {
            stuck(state, "unknown state \"" + next + "\" returned by " + state
                    + "(): no method String " + next + "() is defined; staying in " + state, tick);
            return true;
        }
        reportedProblem = null;
        return transition(state, next, tick);
    }

    /**
     * Moves to {@code next} as if the current state had returned it (exit and enter hooks
     * run). Loop thread only.
     */
    public boolean transition(String from, String next, long tick) {
        if (!runHook(EXIT_PREFIX + from, from, tick)) {
            return false;
        }
        current = next;
        entered = true; // the enter hook below is the one; the next tick must not run it again
        listener.transitioned(from, next, tick);
        return runHook(ENTER_PREFIX + next, next, tick);
    }

    private Behaviours.State resolve(String state) {
        long version = behaviours.version();
        if (version != resolvedVersion || resolved == null || !state.equals(resolvedName)) {
            resolved = behaviours.state(state);
            resolvedName = state;
            resolvedVersion = version;
        }
        return resolved;
    }

    private boolean runHook(String name, String state, long tick) {
        Behaviours.Hook hook = behaviours.hook(name);
        if (hook == null) {
            return true;
        }
        try {
            hook.run();
            return true;
        } catch (Throwable e) {
            listener.faulted(state, name + "()", e, tick);
            return false;
        }
    }

    private void stuck(String state, String problem, long tick) {
        if (!problem.equals(reportedProblem)) {
            reportedProblem = problem;
            listener.stuck(state, problem, tick);
        }
    }

    /** Checks that {@code state} can name a state method; returns it. */
    public static String requireName(String state) {
        if (state == null || state.isEmpty() || !Character.isJavaIdentifierStart(state.charAt(0))
                || !state.chars().allMatch(Character::isJavaIdentifierPart)) {
            throw new IllegalArgumentException("a state name must be a Java method name, was \"" + state + "\"");
        }
        return state;
    }
}
