package liveloop.bench;

import java.util.concurrent.TimeUnit;
import liveloop.machine.Behaviours;
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
 * class's static method, instrumented with its cancellation checks, called through the behaviour
 * the engine resolves by name. The whole machine's tick is timed by {@link MachineTicks}.
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

    private DispatchSession session;
    private Behaviours.State live;

    @Setup(Level.Trial)
    public void openSession() {
        session = DispatchSession.open();
        live = session.behaviours().state("start");
    }

    @TearDown(Level.Trial)
    public void closeSession() {
        session.close();
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
}
