package liveloop.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import liveloop.agent.LiveloopAgent;
import liveloop.host.LiveLoop;
import liveloop.loop.TickLoop;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs every measurement and prints one table, each figure beside its target:
 * {@code java -jar bench/target/liveloop-bench.jar} from the repository root, after
 * {@code mvn -B -q -DskipTests package}. Progress goes to standard error, the table to standard
 * output.
 */
@Command(name = "liveloop-bench", mixinStandardHelpOptions = true, sortOptions = false, version = "liveloop-bench 0.1",
        description = "Measures liveloop (save-to-effect, prompt-to-effect, dispatch, jitter, start-up, memory) "
                + "and prints a table of the figures against their targets.")
public final class Table implements Callable<Integer> {
    /** The measurements, in the order they run and print. */
    enum Measurement { save, prompt, dispatch, jitter, startup, memory }

    static final Target SAVE_P50 = Target.atMost(20, "ms");
    static final Target SAVE_P95 = Target.atMost(40, "ms");
    static final Target PROMPT_P50 = Target.atMost(15, "ms");
    static final Target DISPATCH_RATIO = Target.atMost(1.1, "x");
    static final Target JITTER_P99 = Target.atMost(2, "ms");
    static final Target START_UP = Target.atMost(500, "ms");
    static final Target MEMORY_GROWTH = Target.atMost(16, "MB");
    static final int MEMORY_TARGET_REDEFINITIONS = 10_000;

    @Option(names = "--hz", paramLabel = "N", defaultValue = "60",
            description = "tick rate (default: ${DEFAULT-VALUE})")
    double hz;

    @Option(names = "--saves", paramLabel = "N", defaultValue = "200",
            description = "script saves timed (default: ${DEFAULT-VALUE})")
    int saves;

    @Option(names = "--prompts", paramLabel = "N", defaultValue = "200",
            description = "prompt redefinitions timed (default: ${DEFAULT-VALUE})")
    int prompts;

    @Option(names = "--dispatch-forks", paramLabel = "N", defaultValue = "2",
            description = "JMH forks for dispatch (default: ${DEFAULT-VALUE})")
    int dispatchForks;

    @Option(names = "--dispatch-iterations", paramLabel = "N", defaultValue = "5",
            description = "JMH warm-up and measured iterations per fork (default: ${DEFAULT-VALUE} each)")
    int dispatchIterations;

    @Option(names = "--dispatch-millis", paramLabel = "MS", defaultValue = "1000",
            description = "length of one JMH iteration (default: ${DEFAULT-VALUE})")
    long dispatchMillis;

    @Option(names = "--machine-pairs", paramLabel = "N", defaultValue = "200",
            description = "alternating batches of each machine's ticks timed (default: ${DEFAULT-VALUE})")
    int machinePairs;

    @Option(names = "--jitter-seconds", paramLabel = "S", defaultValue = "30",
            description = "how long ticks are timed while changes compile (default: ${DEFAULT-VALUE})")
    int jitterSeconds;

    @Option(names = "--startups", paramLabel = "N", defaultValue = "10",
            description = "launches of liveloop, and of jshell, timed (default: ${DEFAULT-VALUE})")
    int startups;

    @Option(names = "--launcher", paramLabel = "JAR", defaultValue = "repl/target/liveloop.jar",
            description = "the launcher jar to start (default: ${DEFAULT-VALUE})")
    Path launcher;

    @Option(names = "--script", paramLabel = "FILE", defaultValue = "liveloop",
            description = "the launcher script to start, which runs the jar beside it (default: ${DEFAULT-VALUE})")
    Path script;

    @Option(names = "--redefinitions", paramLabel = "N,N", split = ",", defaultValue = "1000,10000",
            description = "redefinition counts after which memory is measured (default: ${DEFAULT-VALUE})")
    List<Integer> redefinitions;

    @Option(names = "--only", paramLabel = "NAME,NAME", split = ",",
            description = "run only these: ${COMPLETION-CANDIDATES} (default: all)")
    Set<Measurement> only;

    @Option(names = "--verbose", description = "show JMH's own output (on standard error)")
    boolean verbose;

    @Spec
    CommandSpec spec;

    private final Report report = new Report();
    private boolean anyFailed;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Table()).execute(args));
    }

    @Override
    public Integer call() {
        checkCounts();
        Set<Measurement> selected =
                only == null || only.isEmpty() ? EnumSet.allOf(Measurement.class) : EnumSet.copyOf(only);
        Report.header().forEach(System.out::println);
        System.out.println("agent:   " + (LiveloopAgent.instrumentation().isPresent() ? "in-place redefinition"
                : "ABSENT: redefinitions load new classes (run with java -jar, or -javaagent:)"));
        System.out.println();
        for (Measurement measurement : selected) {
            Progress.say(measurement + "...");
            run(measurement);
        }
        report.print(System.out);
        System.out.println();
        System.out.println("at the end: " + Report.loadAverage());
        return anyFailed ? 1 : 0;
    }

    /** Refuses counts that would leave a figure with nothing measured: a usage error, exit 2. */
    private void checkCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("--saves", (long) saves);
        counts.put("--prompts", (long) prompts);
        counts.put("--dispatch-forks", (long) dispatchForks);
        counts.put("--dispatch-iterations", (long) dispatchIterations);
        counts.put("--dispatch-millis", dispatchMillis);
        counts.put("--machine-pairs", (long) machinePairs);
        counts.put("--jitter-seconds", (long) jitterSeconds);
        counts.put("--startups", (long) startups);
        for (int checkpoint : redefinitions) {
            counts.put("--redefinitions", Math.min(checkpoint, counts.getOrDefault("--redefinitions", Long.MAX_VALUE)));
        }
        counts.forEach((option, count) -> {
            if (count < 1) {
                throw new ParameterException(spec.commandLine(), option + " must be at least 1, was " + count);
            }
        });
        try {
            LiveLoop.builder().hz(hz);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void run(Measurement measurement) {
        try {
            switch (measurement) {
                case save -> save();
                case prompt -> prompt();
                case dispatch -> dispatch();
                case jitter -> jitter();
                case startup -> startUp();
                case memory -> memory();
            }
        } catch (Exception | Error e) {
            anyFailed = true;
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            report.failed(name(measurement), why.length() > 100 ? why.substring(0, 97) + "..." : why);
            Progress.say(measurement + " failed:");
            e.printStackTrace(System.err); // the whole story belongs to whoever reads the run's error output
        }
    }

    private void save() throws Exception {
        Samples millis = ChangeLatency.saves(hz, saves);
        String of = ", " + millis.size() + " saves (plain writes, reported at their close)";
        report.add("save-to-effect", "p50" + of, millis.median(), "ms", SAVE_P50);
        report.add("save-to-effect", "p95", millis.percentile(95), "ms", SAVE_P95);
    }

    private void prompt() throws Exception {
        Samples millis = ChangeLatency.prompts(hz, prompts);
        report.add("prompt-to-effect", "p50, " + millis.size() + " redefinitions", millis.median(), "ms", PROMPT_P50);
        report.add("prompt-to-effect", "p95", millis.percentile(95), "ms");
    }

    private void dispatch() throws Exception {
        Map<String, Double> nanos = Dispatch.measure(
                new Dispatch.Settings(dispatchForks, dispatchIterations, dispatchMillis, verbose));
        double direct = nanos.get("directCall");
        double live = nanos.get("liveState");
        String effort = " (JMH: forks " + dispatchForks + " interleaved, iterations " + dispatchIterations + " x "
                + dispatchMillis + " ms)";
        report.add("dispatch", "direct static call" + effort, direct, "ns");
        report.add("dispatch", "live state: Behaviours.State.run()", live, "ns");
        report.add("dispatch", "live state / direct", live / direct, "x", DISPATCH_RATIO);

        MachineTicks.Result ticks = MachineTicks.measure(machinePairs, MachineTicks.BATCH_TICKS);
        report.add("dispatch", "StateMachine.tick over the engine, median of " + ticks.live().size() + " batches of "
                + Report.number(MachineTicks.BATCH_TICKS) + " ticks", ticks.live().median(), "ns");
        report.add("dispatch", "StateMachine.tick over states compiled with the host, batches alternating with those",
                ticks.compiled().median(), "ns");
        report.add("dispatch", "machine tick, live / compiled states: median of the pairs' ratios",
                ticks.ratios().median(), "x", DISPATCH_RATIO);
        report.add("dispatch", "machine tick, live / compiled states: p10 of the ratios", ticks.ratios().percentile(10),
                "x");
        report.add("dispatch", "machine tick, live / compiled states: p90 of the ratios", ticks.ratios().percentile(90),
                "x");
    }

    private void jitter() throws Exception {
        Jitter.Result result = Jitter.measure(hz, Duration.ofSeconds(jitterSeconds));
        String at = " at " + Report.number(hz) + " Hz, " + result.ticks() + " ticks, " + result.changes() + " changes";
        report.add("jitter", "lateness p50" + at, result.lateness().median(), "ms");
        report.add("jitter", "lateness p99", result.lateness().percentile(99), "ms", JITTER_P99);
        report.add("jitter", "lateness max", result.lateness().max(), "ms");
        report.add("jitter", "ticks missed (due " + result.expectedTicks() + ")",
                Math.max(0, result.expectedTicks() - result.ticks()), "");
        report.add("jitter", "lateness p99 as the loop reports it (LoopStatus)", result.reportedByLoop().percentile(99),
                "ms");
        report.add("jitter", "lateness p99 with no change compiling, " + result.idle().size() + " ticks",
                result.idle().percentile(99), "ms");
        Samples floor = Jitter.machineFloor(hz, result.idle().size(), 0);
        report.add("jitter", "a plain parked thread beside " + Runtime.getRuntime().availableProcessors()
                + " busy ones (no liveloop), p99 of " + floor.size(), floor.percentile(99), "ms");
        Samples slicedFloor = Jitter.machineFloor(hz, result.idle().size(), TickLoop.SLICE_NANOS);
        report.add("jitter", "the same thread with the loop's " + TickLoop.SLICE_NANOS / 1000 + " us slice, p99",
                slicedFloor.percentile(99), "ms");
    }

    private void startUp() throws Exception {
        for (Path file : List.of(launcher, script)) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(file + " not found: build it (mvn -B -q -DskipTests package) and run "
                        + "from the repository root, or pass --launcher and --script");
            }
        }
        Samples liveloop = StartUp.script(script, startups);
        Optional<Samples> prompt = StartUp.promptInTerminal(script, startups);
        Samples jar = StartUp.jar(launcher, startups);
        Samples jshell = StartUp.jshell(startups);
        if (prompt.isPresent()) {
            report.add("start-up", "./liveloop in a terminal: launch -> the prompt, median of " + prompt.get().size(),
                    prompt.get().median(), "ms", START_UP);
        } else {
            System.err.println("bench: no script(1) to give ./liveloop a terminal: its prompt is not timed");
        }
        report.add("start-up", "./liveloop: launch -> \"$N ==> 2\" (1+1 piped in), median of " + liveloop.size(),
                liveloop.median(), "ms");
        report.add("start-up", "java -jar liveloop.jar, no class archive: the same", jar.median(), "ms");
        report.add("start-up", "jshell -q: the same, for comparison", jshell.median(), "ms");
    }

    private void memory() throws Exception {
        SortedSet<Integer> checkpoints = new TreeSet<>(redefinitions);
        List<Memory.Point> points = Memory.measure(hz, checkpoints);
        Memory.Point start = points.get(0);
        for (Memory.Point point : points) {
            String when = point.redefinitions() == 0 ? "at start (after " + ChangeLatency.WARM_UP + " warm-up changes)"
                    : "after " + point.redefinitions() + " redefinitions";
            report.add("memory", "heap used after GC, " + when, megabytes(point.heapBytes()), "MB");
            report.add("memory", "metaspace used, " + when, megabytes(point.metaspaceBytes()), "MB");
        }
        Memory.Point last = points.get(points.size() - 1);
        Memory.Point previous = points.get(points.size() - 2);
        report.add("memory", "growth per redefinition, " + previous.redefinitions() + " to " + last.redefinitions(),
                (last.totalBytes() - previous.totalBytes()) / 1e3 / (last.redefinitions() - previous.redefinitions()),
                "KB");
        String note = last.redefinitions() < MEMORY_TARGET_REDEFINITIONS
                ? " (target is for " + MEMORY_TARGET_REDEFINITIONS + ")" : "";
        report.add("memory", "growth after " + last.redefinitions() + " (heap + metaspace)" + note,
                megabytes(last.totalBytes() - start.totalBytes()), "MB", MEMORY_GROWTH);
    }

    private static double megabytes(long bytes) {
        return bytes / 1e6;
    }

    private static String name(Measurement measurement) {
        return switch (measurement) {
            case save -> "save-to-effect";
            case prompt -> "prompt-to-effect";
            case startup -> "start-up";
            default -> measurement.name();
        };
    }
}
