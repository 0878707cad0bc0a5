package liveloop.bench;

import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs {@link DispatchBenchmark} with JMH, in forked JVMs that carry the redefinition agent too. */
final class Dispatch {
    private Dispatch() {}

    /** JMH's effort: forks, and warm-up and measured iterations of {@code iterationMillis} each. */
    record Settings(int forks, int iterations, long iterationMillis, boolean verbose) {}

    /**
     * Mean nanoseconds per call, by benchmark method name. This machine's speed drifts over
     * seconds (one fork's iterations of the same code ranged from 4.2 to 6.5 ns), and JMH runs
     * all the forks of one benchmark before the next: a drift would fall on one side of a ratio.
     * So each round runs one fork of every benchmark, in the opposite order to the round before.
     */
    static Map<String, Double> measure(Settings settings) throws RunnerException {
        List<String> order = Arrays.stream(DispatchBenchmark.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Benchmark.class))
                .map(Method::getName)
                .sorted()
                .collect(Collectors.toCollection(ArrayList::new));
        Map<String, Double> sums = new HashMap<>();
        for (int round = 0; round < settings.forks(); round++) {
            for (String method : order) {
                sums.merge(method, oneFork(settings, method), Double::sum);
            }
            Collections.reverse(order);
        }
        Map<String, Double> means = new HashMap<>();
        sums.forEach((method, sum) -> means.put(method, sum / settings.forks()));
        return means;
    }

    /** Nanoseconds per call of one benchmark method: the mean of its measured iterations in one fork. */
    private static double oneFork(Settings settings, String method) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(Pattern.quote(DispatchBenchmark.class.getName() + "." + method) + "$")
                .forks(1)
                .warmupIterations(settings.iterations())
                .warmupTime(TimeValue.milliseconds(settings.iterationMillis()))
                .measurementIterations(settings.iterations())
                .measurementTime(TimeValue.milliseconds(settings.iterationMillis()))
                .shouldFailOnError(true);
        List<String> jvmArgs = new ArrayList<>();
        benchJar().ifPresent(jar -> jvmArgs.add("-javaagent:" + jar));
        // The loop calls the C library (its scheduler slice); a fork runs with -cp, where the jar's
        // manifest does not enable native access, and JDK 24+ would warn.
        jvmArgs.add("--enable-native-access=ALL-UNNAMED");
        options.jvmArgsAppend(jvmArgs.toArray(String[]::new));
        // JMH's own report goes to standard error, if anywhere: standard output is the table's.
        OutputFormat format = OutputFormatFactory.createFormatInstance(System.err,
                settings.verbose() ? VerboseMode.NORMAL : VerboseMode.SILENT);
        Collection<RunResult> results = new Runner(options.build(), format).run();
        if (results.size() != 1) {
            throw new IllegalStateException("JMH ran " + results.size() + " benchmarks for " + method);
        }
        return results.iterator().next().getPrimaryResult().getScore();
    }

    /** The jar the bench runs from, which is also the agent; empty when run from classes (an IDE). */
    private static Optional<Path> benchJar() {
        try {
            Path location = Path.of(Dispatch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
    }
}
