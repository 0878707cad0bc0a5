package liveloop.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the machine over plain lambdas. Behaviour calls and listener reports go to one log, so
 * each test asserts the exact order of what happened.
 */
class StateMachineTest {
    private final List<String> log = new ArrayList<>();
    private final FakeBehaviours behaviours = new FakeBehaviours();
    private final List<Throwable> errors = new ArrayList<>();
    private final MachineListener listener = new MachineListener() {
        @Override
        public void transitioned(String from, String to, long tick) {
            log.add(tick + ": " + from + " -> " + to);
        }

        @Override
        public void stuck(String state, String problem, long tick) {
            log.add(tick + ": stuck in " + state + ": " + problem);
        }

        @Override
        public void faulted(String state, String phase, Throwable error, long tick) {
            errors.add(error);
            log.add(tick + ": fault in " + state + " at " + phase + ": " + error.getMessage());
        }
    };

    /** Behaviours over maps of lambdas; changing them bumps the version, as an eval does. */
    private static final class FakeBehaviours implements Behaviours {
        private final Map<String, State> states = new HashMap<>();
        private final Map<String, Hook> hooks = new HashMap<>();
        private final Map<String, Integer> stateLookups = new HashMap<>();
        private long version;

        void define(String name, State state) {
            states.put(name, state);
            version++;
        }

        void defineHook(String name, Hook hook) {
            hooks.put(name, hook);
            version++;
        }

        int lookupsOf(String name) {
            return stateLookups.getOrDefault(name, 0);
        }

        @Override
        public long version() {
            return version;
        }

        @Override
        public State state(String name) {
            stateLookups.merge(name, 1, Integer::sum);
            return states.get(name);
        }

        @Override
        public Hook hook(String name) {
            return hooks.get(name);
        }
    }

    /** A state that logs its call and returns {@code next}. */
    private void state(String name, String next) {
        behaviours.define(name, () -> {
            log.add(name + "()");
            return next;
        });
    }

    private void hook(String name) {
        behaviours.defineHook(name, () -> log.add(name + "()"));
    }

    private StateMachine machine(String start) {
        return new StateMachine(behaviours, start, listener);
    }

    /** Runs ticks {@code from..to}, each of which must not fault. */
    private static void ticks(StateMachine machine, long from, long to) {
        for (long tick = from; tick <= to; tick++) {
            assertThat(machine.tick(tick)).as("tick %d ran without a fault", tick).isTrue();
        }
    }

    @Test
    void eachTickRunsTheCurrentState() {
        state("green", "green");
        StateMachine machine = machine("green");
        ticks(machine, 1, 3);
        assertThat(log).containsExactly("green()", "green()", "green()");
        assertThat(machine.state()).isEqualTo("green");
    }

    @Test
    void aReturnedNameTransitions() {
        state("green", "yellow");
        state("yellow", "red");
        state("red", "red");
        StateMachine machine = machine("green");

        ticks(machine, 1, 4);
        assertThat(log).containsExactly(
                "green()", "1: green -> yellow",
                "yellow()", "2: yellow -> red",
                "red()",
                "red()");
        assertThat(machine.state()).isEqualTo("red");
    }

    @Test
    void aTransitionRunsExitThenEnter() {
        state("green", "yellow");
        state("yellow", "yellow");
        hook("exit_green");
        hook("enter_yellow");
        hook("exit_yellow");
        StateMachine machine = machine("green");

        ticks(machine, 1, 2);
        assertThat(log).containsExactly(
                "green()", "exit_green()", "1: green -> yellow", "enter_yellow()",
                "yellow()");
    }

    @Test
    void theStartStateIsEnteredOnceBeforeItFirstRuns() {
        state("green", "green");
        hook("enter_green");
        StateMachine machine = machine("green");

        ticks(machine, 1, 3);
        assertThat(log).containsExactly("enter_green()", "green()", "green()", "green()");
    }

    @Test
    void returningItsOwnNameStaysWithoutHooks() {
        state("green", "green");
        hook("exit_green");
        hook("enter_green");
        StateMachine machine = machine("green");
        ticks(machine, 1, 1);
        log.clear();

        ticks(machine, 2, 4);
        assertThat(log).containsExactly("green()", "green()", "green()");
    }

    @Test
    void anUnknownNextStateIsReportedOnceUntilItIsDefined() {
        state("green", "yelow");
        StateMachine machine = machine("green");

        ticks(machine, 1, 4);
        assertThat(log).containsExactly(
                "green()",
                "1: stuck in green: unknown state \"yelow\" returned by green(): no method String yelow() is"
                        + " defined; staying in green",
                "green()", "green()", "green()");
        assertThat(machine.state()).isEqualTo("green");
        log.clear();

        state("yelow", "yelow");
        ticks(machine, 5, 6);
        assertThat(log).containsExactly("green()", "5: green -> yelow", "yelow()");
    }

    @Test
    void aProblemIsReportedAgainWhenItComesBack() {
        String[] next = {"nowhere"};
        behaviours.define("green", () -> next[0]);
        StateMachine machine = machine("green");
        ticks(machine, 1, 2);
        next[0] = "green";
        ticks(machine, 3, 3);
        next[0] = "nowhere";
        ticks(machine, 4, 5);

        assertThat(log).hasSize(2);
        assertThat(log.get(0)).startsWith("1: stuck in green: unknown state \"nowhere\"");
        assertThat(log.get(1)).startsWith("4: stuck in green: unknown state \"nowhere\"");
    }

    @Test
    void aMissingStartStateIsReportedOnceUntilItIsDefined() {
        StateMachine machine = machine("green");

        ticks(machine, 1, 3);
        assertThat(log).containsExactly("1: stuck in green: no state method String green() is defined");
        log.clear();

        state("green", "green");
        ticks(machine, 4, 5);
        assertThat(log).containsExactly("green()", "green()");
    }

    @Test
    void aStartStateDefinedLateIsStillEntered() {
        StateMachine machine = machine("green");
        ticks(machine, 1, 2);
        log.clear();

        state("green", "green");
        hook("enter_green");
        ticks(machine, 3, 4);
        assertThat(log).containsExactly("enter_green()", "green()", "green()");
    }

    @Test
    void aNullResultIsReportedOnceAndTheMachineStays() {
        state("green", null);
        StateMachine machine = machine("green");

        ticks(machine, 1, 3);
        assertThat(log).containsExactly(
                "green()",
                "1: stuck in green: green() returned null; a state returns the next state's name",
                "green()", "green()");
        assertThat(machine.state()).isEqualTo("green");
    }

    @Test
    void aThrowingStateFaultsAndTheMachineStays() {
        IllegalStateException boom = new IllegalStateException("boom");
        behaviours.define("green", () -> {
            throw boom;
        });
        state("yellow", "yellow");
        StateMachine machine = machine("green");

        assertThat(machine.tick(1)).isFalse();
        assertThat(machine.tick(2)).isFalse();
        assertThat(log).containsExactly("1: fault in green at green(): boom", "2: fault in green at green(): boom");
        assertThat(errors).containsExactly(boom, boom);
        assertThat(machine.state()).isEqualTo("green");
    }

    @Test
    void aThrowingEnterHookFaultsWithItsPhase() {
        state("green", "yellow");
        state("yellow", "yellow");
        behaviours.defineHook("enter_yellow", () -> {
            throw new IllegalArgumentException("bad enter");
        });
        StateMachine machine = machine("green");

        assertThat(machine.tick(1)).isFalse();
        assertThat(log).containsExactly(
                "green()", "1: green -> yellow", "1: fault in yellow at enter_yellow(): bad enter");
        assertThat(errors).singleElement().isInstanceOf(IllegalArgumentException.class);
        assertThat(machine.state()).isEqualTo("yellow");
    }

    @Test
    void aThrowingExitHookFaultsAndTheMachineStays() {
        state("green", "yellow");
        state("yellow", "yellow");
        behaviours.defineHook("exit_green", () -> {
            throw new IllegalStateException("bad exit");
        });
        StateMachine machine = machine("green");

        assertThat(machine.tick(1)).isFalse();
        assertThat(log).containsExactly("green()", "1: fault in green at exit_green(): bad exit");
        assertThat(machine.state()).isEqualTo("green");
    }

    @Test
    void aThrowingStartHookFaultsAndIsRetriedBeforeTheStateRuns() {
        state("green", "green");
        boolean[] broken = {true};
        behaviours.defineHook("enter_green", () -> {
            if (broken[0]) {
                throw new IllegalStateException("not ready");
            }
            log.add("enter_green()");
        });
        StateMachine machine = machine("green");

        assertThat(machine.tick(1)).isFalse();
        broken[0] = false;
        ticks(machine, 2, 3);
        assertThat(log).containsExactly(
                "1: fault in green at enter_green(): not ready", "enter_green()", "green()", "green()");
    }

    @Test
    void aStateIsResolvedOnlyWhenTheVersionChanges() {
        state("green", "green");
        StateMachine machine = machine("green");

        ticks(machine, 1, 50);
        assertThat(behaviours.lookupsOf("green")).isEqualTo(1);

        behaviours.version++; // something else changed: look again, once
        ticks(machine, 51, 100);
        assertThat(behaviours.lookupsOf("green")).isEqualTo(2);
    }

    @Test
    void aRedefinedStateTakesEffectOnTheNextTick() {
        state("green", "green");
        StateMachine machine = machine("green");
        ticks(machine, 1, 2);

        behaviours.define("green", () -> {
            log.add("green() v2");
            return "green";
        });
        ticks(machine, 3, 4);
        assertThat(log).containsExactly("green()", "green()", "green() v2", "green() v2");
    }

    @Test
    void anExplicitTransitionRunsTheHooksOnce() {
        state("green", "green");
        state("red", "red");
        hook("exit_green");
        hook("enter_red");
        StateMachine machine = machine("green");

        assertThat(machine.transition("green", "red", 0)).isTrue();
        ticks(machine, 1, 2);
        assertThat(log).containsExactly("exit_green()", "0: green -> red", "enter_red()", "red()", "red()");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"1abc", "a-b", "a b", "green()"})
    void anInvalidStartNameIsRejected(String start) {
        assertThatThrownBy(() -> machine(start))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a state name must be a Java method name, was \"" + start + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"green", "_idle", "state2", "$x"})
    void aJavaMethodNameIsAValidStartName(String start) {
        assertThat(machine(start).state()).isEqualTo(start);
    }
}
