package liveloop.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** Nanoseconds per call, with JMH's 99.9 % error, by benchmark method name. */
    record Score(double nanos, double error) {}

    static Map<String, Score> measure(Settings settings) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(DispatchBenchmark.class.getName() + "\\.")
                .forks(settings.forks())
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
        Map<String, Score> scores = new HashMap<>();
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            String method = label.substring(label.lastIndexOf('.') + 1);
            scores.put(method, new Score(result.getPrimaryResult().getScore(),
                    result.getPrimaryResult().getScoreError()));
        }
        return scores;
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
