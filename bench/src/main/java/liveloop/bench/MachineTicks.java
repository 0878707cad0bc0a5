package liveloop.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongUnaryOperator;
import liveloop.machine.Behaviours;
import liveloop.machine.StateMachine;

/**
 * What a tick of the state machine costs over the engine's live states, against the same machine
 * over states compiled with the host. The two are timed in alternating batches in one JVM: this
 * machine's speed drifts within seconds (one JMH fork's iterations of the same tick ranged from
 * 4.2 to 6.5 ns), and JMH, which times each benchmark in forks of its own, read 1.01x and 1.33x for
 * one jar. Batches tens of milliseconds apart share the drift, and the figure is the median of
 * the pairs' ratios.
 *
 * <p>In one JVM the two machines would share {@link StateMachine#tick}'s call sites, which would
 * then see two receivers each, as no host's do. So each machine is a copy of the class, loaded with
 * its driver loop by a class loader of its own, and the JIT profiles and compiles each alone.
 */
final class MachineTicks {
    static final long BATCH_TICKS = 4_000_000; // about 25 ms a batch
    private static final int WARM_UP_PAIRS = 30;

    /** Nanoseconds per tick of each batch, by machine, and each pair's ratio, live / compiled. */
    record Result(Samples live, Samples compiled, Samples ratios) {}

    private MachineTicks() {}

    static Result measure(int pairs, long batchTicks) throws Exception {
        try (DispatchSession session = DispatchSession.open()) {
            LongUnaryOperator live = isolatedDriver(session.behaviours());
            LongUnaryOperator compiled = isolatedDriver(startOnly(DispatchBenchmark.Direct::start));
            for (int i = 0; i < WARM_UP_PAIRS; i++) {
                nanosPerTick(live, batchTicks);
                nanosPerTick(compiled, batchTicks);
            }
            Result result = new Result(new Samples(), new Samples(), new Samples());
            for (int i = 0; i < pairs; i++) {
                // Which goes first alternates, so that neither always follows the other.
                double liveNanos;
                double compiledNanos;
                if (i % 2 == 0) {
                    liveNanos = nanosPerTick(live, batchTicks);
                    compiledNanos = nanosPerTick(compiled, batchTicks);
                } else {
                    compiledNanos = nanosPerTick(compiled, batchTicks);
                    liveNanos = nanosPerTick(live, batchTicks);
                }
                result.live().add(liveNanos);
                result.compiled().add(compiledNanos);
                result.ratios().add(liveNanos / compiledNanos);
            }
            return result;
        }
    }

    private static double nanosPerTick(LongUnaryOperator driver, long ticks) {
        long start = System.nanoTime();
        long ok = driver.applyAsLong(ticks);
        long nanos = System.nanoTime() - start;
        if (ok != ticks) {
            throw new IllegalStateException((ticks - ok) + " of " + ticks + " ticks faulted");
        }
        return (double) nanos / ticks;
    }

    /** A {@link MachineDriver} over {@code behaviours}, with its own copies of it and of {@link StateMachine}. */
    static LongUnaryOperator isolatedDriver(Behaviours behaviours) throws ReflectiveOperationException {
        Class<?> driver = new Isolating(MachineTicks.class.getClassLoader()).loadClass(MachineDriver.class.getName());
        return (LongUnaryOperator) driver.getConstructor(Behaviours.class).newInstance(behaviours);
    }

    /** Defines its own copies of the driver and the machine; leaves every other class to its parent. */
    private static final class Isolating extends ClassLoader {
        Isolating(ClassLoader parent) {
            super(parent);
        }

        private static boolean copied(String name) {
            return name.equals(MachineDriver.class.getName()) || name.equals(StateMachine.class.getName())
                    || name.startsWith(StateMachine.class.getName() + "$");
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!copied(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    String resource = name.replace('.', '/') + ".class";
                    try (InputStream in = getParent().getResourceAsStream(resource)) {
                        if (in == null) {
                            throw new ClassNotFoundException(name + ": no " + resource);
                        }
                        byte[] bytes = in.readAllBytes();
                        loaded = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }

    /**
     * Behaviours of one state, {@code start()}, that never change. Over
     * {@link DispatchBenchmark.Direct#start} it is the state as a program without liveloop would
     * hold it: a lambda over host code.
     */
    static Behaviours startOnly(Behaviours.State start) {
        return new Behaviours() {
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
        };
    }
}
