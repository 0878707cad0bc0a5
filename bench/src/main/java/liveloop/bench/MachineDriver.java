package liveloop.bench;

import java.util.function.LongUnaryOperator;
import liveloop.machine.Behaviours;
import liveloop.machine.MachineListener;
import liveloop.machine.StateMachine;

/**
 * Ticks one state machine in a loop. {@link MachineTicks} loads a copy of this class, and of
 * {@link StateMachine}, for each machine it times, so that the JIT compiles each loop with the
 * profile of its own machine alone. Public for that loader's reflection.
 */
public final class MachineDriver implements LongUnaryOperator {
    private final StateMachine machine;
    private long tick;

    public MachineDriver(Behaviours behaviours) {
        machine = new StateMachine(behaviours, "start", MachineListener.NONE);
    }

    /** Runs {@code ticks} ticks; returns how many of them ended without a fault. */
    @Override
    public long applyAsLong(long ticks) {
        long ok = 0;
        for (long i = 0; i < ticks; i++) {
            if (machine.tick(++tick)) {
                ok++;
            }
        }
        return ok;
    }
}
