package liveloop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;
import liveloop.machine.Behaviours;
import liveloop.machine.StateMachine;
import org.junit.jupiter.api.Test;

class MachineTicksTest {
    /** A start() that counts its runs into {@code runs} and stays. */
    static Behaviours counting(AtomicLong runs) {
        return MachineTicks.startOnly(() -> {
            runs.incrementAndGet();
            return "start";
        });
    }

    @Test
    void eachDriverTicksItsOwnCopyOfTheMachine() throws Exception {
        AtomicLong first = new AtomicLong();
        AtomicLong second = new AtomicLong();
        LongUnaryOperator one = MachineTicks.isolatedDriver(counting(first));
        LongUnaryOperator other = MachineTicks.isolatedDriver(counting(second));

        assertThat(one.applyAsLong(1_000)).isEqualTo(1_000);
        assertThat(first).hasValue(1_000);
        assertThat(second).hasValue(0);

        // Copies, not the host's classes: the JIT profiles each machine's calls apart.
        assertThat(one.getClass()).isNotEqualTo(MachineDriver.class).isNotEqualTo(other.getClass());
        Class<?> machine = one.getClass().getClassLoader().loadClass(StateMachine.class.getName());
        Class<?> otherMachine = other.getClass().getClassLoader().loadClass(StateMachine.class.getName());
        assertThat(machine).isNotEqualTo(StateMachine.class).isNotEqualTo(otherMachine);
        assertThat(one.getClass().getClassLoader().loadClass(Behaviours.class.getName())).isEqualTo(Behaviours.class);
    }

    @Test
    void aDriverCountsTheTicksThatFaulted() throws Exception {
        Behaviours throwing = MachineTicks.startOnly(() -> {
            throw new IllegalStateException("faulted on purpose");
        });
        assertThat(MachineTicks.isolatedDriver(throwing).applyAsLong(10)).isZero();
    }

    @Test
    void measuresEveryPairOverARealSession() throws Exception {
        MachineTicks.Result result = MachineTicks.measure(4, 10_000);

        assertThat(result.live().size()).isEqualTo(4);
        assertThat(result.compiled().size()).isEqualTo(4);
        assertThat(result.ratios().size()).isEqualTo(4);
        assertThat(result.live().median()).isPositive();
        assertThat(result.compiled().median()).isPositive();
        assertThat(result.ratios().median()).isPositive();
    }
}
