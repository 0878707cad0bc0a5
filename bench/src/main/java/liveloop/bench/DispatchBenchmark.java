package liveloop.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import liveloop.agent.LiveloopAgent;
import liveloop.engine.JShellEngine;
import liveloop.loop.Clock;
import liveloop.loop.TickLoop;
import liveloop.machine.Behaviours;
import liveloop.machine.MachineListener;
import liveloop.machine.StateMachine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one tick's call of a live behaviour costs, against a direct static call of the same code.
 * The live state is declared in a real engine session, so it runs as the host runs it: a snippet
 * class's static method, instrumented with its cancellation checks, called through the method
 * handle the engine resolves by name.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DispatchBenchmark {
    /** The work of one tick, in both forms: step a random number generator, stay in the state. */
    static final String STATE_BODY = "seed = seed * 6364136223846793005L + 1442695040888963407L; return \"start\";";

    /** The same state compiled with the host, called directly. */
    static final class Direct {
        static long seed;

        static String start() {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            return "start";
        }
    }

    private TickLoop loop;
    private JShellEngine engine;
    private Behaviours.State live;
    private StateMachine machine;
    private StateMachine compiledMachine;
    private long tick;

    @Setup(Level.Trial)
    public void openSession() {
        loop = new TickLoop(Clock.system(), 60, n -> {});
        loop.start(); // paused: it only runs the engine's work, as between ticks
        engine = JShellEngine.open(loop, DispatchBenchmark.class.getClassLoader(),
                LiveloopAgent.instrumentation().orElse(null), Map.of());
        engine.eval("long seed = 0;").join();
        engine.eval("String start() { " + STATE_BODY + " }").join();
        live = engine.behaviours().state("start");
        if (live == null) {
            throw new IllegalStateException("the session has no state start()");
        }
        machine = new StateMachine(engine.behaviours(), "start", MachineListener.NONE);
        compiledMachine = new StateMachine(new Compiled(), "start", MachineListener.NONE);
    }

    /** The state as a program without liveloop would hold it: a lambda over host code that never changes. */
    static final class Compiled implements Behaviours {
        private final Behaviours.State start = Direct::start;

        @Override
        public long version() {
            return 0;
        }

        @Override
        public Behaviours.State state(String name) {
            return name.equals("start") ? start : null;
        }

        @Override
        public Behaviours.Hook hook(String name) {
            return null;
        }
    }

    @TearDown(Level.Trial)
    public void closeSession() throws InterruptedException {
        engine.close();
        loop.close();
    }

    @Benchmark
    public String directCall() {
        return Direct.start();
    }

    /** The engine's behaviour for the state, as the machine holds it between changes. */
    @Benchmark
    public String liveState() throws Throwable {
        return live.run();
    }

    /** A whole tick of the machine over the engine: resolve the state (cached), call it, check what it returned. */
    @Benchmark
    public boolean machineTick() {
        return machine.tick(++tick);
    }

    /** The same machine over {@link Compiled}: what the machine costs apart from calling live code. */
    @Benchmark
    public boolean machineTickCompiled() {
        return compiledMachine.tick(++tick);
    }
}
