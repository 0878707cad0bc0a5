package liveloop.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import liveloop.engine.Evaluation;
import liveloop.host.LiveLoop;
import liveloop.host.Output;

/**
 * Injects each kind of fault live code can commit, many times over, into one running host, and
 * prints whether the host survived each: deaths, time to detect and to recover, leaked threads,
 * memory. From the repository root, after {@code mvn -B -q -DskipTests package}:
 *
 * <pre>
 * java -Xmx512m -javaagent:bench/target/liveloop-bench.jar -cp bench/target/liveloop-bench.jar \
 *     liveloop.bench.Faults [count]
 * </pre>
 *
 * <p>detect: from injecting the fault to the host reporting it (for code that never returns, that
 * is the budget). recover: from the report to the first tick of good code after it. A host death
 * is a fault after which the host did not run good code again within 10 s.
 */
public final class Faults {
    static final Duration TICK_BUDGET = Duration.ofMillis(100);
    static final Duration EVALUATION_BUDGET = Duration.ofMillis(100);
    static final long DEADLINE_NANOS = 10_000_000_000L;

    // The state method looks at `inject` each tick: 0 runs cleanly and counts in `clean`; any other
    // value commits one fault. Declared once, so injecting costs no compilation.
    static final String SCRIPT = """
            String start() {
                switch (inject.get()) {
                    case 1: throw new IllegalStateException("injected");
                    case 2: deep(0); break;
                    case 3: bomb(); break;
                    case 4: spin(); break;
                    case 5: block(); break;
                    case 6: System.exit(3); break;
                    default: clean.incrementAndGet();
                }
                return "start";
            }
            int deep(int depth) { return deep(depth + 1) + 1; }
            void bomb() { List<long[]> hog = new ArrayList<>(); while (true) hog.add(new long[16 << 20]); }
            void spin() { while (true) { } }
            void block() {
                try { Thread.sleep(Long.MAX_VALUE); }
                catch (InterruptedException e) { throw new IllegalStateException("interrupted", e); }
            }
            """;

    record Kind(String name, int inject, String evaluation) {}

    static volatile long reportedAt; // when the host last reported a fault (nanoTime)

    static final List<Kind> KINDS = List.of(
            new Kind("tick throws", 1, null),
            new Kind("tick overflows the stack", 2, null),
            new Kind("tick allocation bomb (OOM)", 3, null),
            new Kind("tick never returns", 4, null),
            new Kind("tick blocks forever", 5, null),
            new Kind("tick calls System.exit", 6, null),
            new Kind("evaluation never returns", 0, "while (true) { }"),
            new Kind("evaluation calls System.exit", 0, "System.exit(0)"),
            new Kind("evaluation throws", 0, "throw new IllegalStateException(\"injected\")"));

    private Faults() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path dir = Files.createTempDirectory("liveloop-faults");
        Files.writeString(dir.resolve("faults.jsh"), SCRIPT);
        AtomicInteger inject = new AtomicInteger();
        AtomicLong clean = new AtomicLong();
        AtomicLong faultsReported = new AtomicLong();
        Output output = (kind, line) -> {
            if (kind == Output.Kind.ERROR && (line.contains(" threw ") || line.contains(" was stopped at tick "))) {
                reportedAt = System.nanoTime();
                faultsReported.incrementAndGet();
            }
        };
        try (LiveLoop host = LiveLoop.builder().scripts(dir).hz(100).bind("inject", inject).bind("clean", clean)
                .tickBudget(TICK_BUDGET).evaluationBudget(EVALUATION_BUDGET)
                .crashLoop(Integer.MAX_VALUE, Duration.ofNanos(1)) // measure each fault, not quarantine
                .output(output).captureSystemStreams(false).build()) {
            host.start();
            awaitTrue(() -> clean.get() > 10);
            host.eval("1 + 1").join();
            Set<String> threadsBefore = threadNames();
            System.out.printf(
                    "%d faults of each kind into one host at 100 Hz; tick budget %d ms, evaluation budget %d ms; %s%n",
                    count, TICK_BUDGET.toMillis(), EVALUATION_BUDGET.toMillis(), Runtime.version());
            System.out.printf("%-30s %8s %6s %18s %18s %7s %8s %8s%n", "fault", "injected", "deaths",
                    "detect p50/p95 ms", "recover p50/p95 ms", "leaked", "heap MB", "meta MB");
            for (Kind kind : KINDS) {
                List<Double> detections = new ArrayList<>();
                List<Double> recoveries = new ArrayList<>();
                int deaths = 0;
                int injected = 0;
                for (; injected < count && deaths == 0; injected++) {
                    long t0 = System.nanoTime();
                    boolean recovered = kind.evaluation == null
                            ? tickFault(host, kind.inject, inject, clean, faultsReported)
                            : evaluationFault(host, kind.evaluation, clean);
                    if (recovered) {
                        detections.add((reportedAt - t0) / 1e6);
                        recoveries.add((System.nanoTime() - reportedAt) / 1e6);
                    } else {
                        deaths++;
                    }
                }
                Set<String> leaked = threadNames();
                leaked.removeAll(threadsBefore);
                System.out.printf("%-30s %8d %6d %18s %18s %7d %8.1f %8.1f%s%n", kind.name, injected, deaths,
                        percentiles(detections), percentiles(recoveries), leaked.size(), heapAfterGc() / 1e6,
                        metaspace() / 1e6, leaked.isEmpty() ? "" : "  new threads: " + leaked);
            }
        }
    }

    /** Commits one fault in a tick, then clears it and resumes; true once a clean tick has run again. */
    static boolean tickFault(LiveLoop host, int fault, AtomicInteger inject, AtomicLong clean, AtomicLong reported)
            throws InterruptedException {
        long faultsBefore = reported.get();
        inject.set(fault);
        boolean faulted = awaitTrue(() -> reported.get() > faultsBefore && host.status().loop().paused());
        inject.set(0);
        long cleanBefore = clean.get();
        host.resume();
        return faulted && awaitTrue(() -> clean.get() > cleanBefore);
    }

    /** Evaluates a faulty input; true once it failed as it should and a clean tick has run since. */
    static boolean evaluationFault(LiveLoop host, String input, AtomicLong clean) throws InterruptedException {
        Evaluation evaluation;
        try {
            evaluation = host.eval(input).get(DEADLINE_NANOS, TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            return false;
        }
        reportedAt = System.nanoTime(); // the evaluation's result is the report
        long cleanBefore = clean.get();
        return evaluation.failed() && awaitTrue(() -> clean.get() > cleanBefore);
    }

    static boolean awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(0, 200_000);
        }
        return true;
    }

    static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(t -> t.getName() + "@" + System.identityHashCode(t)).collect(Collectors.toSet());
    }

    static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long metaspace() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getName().equals("Metaspace"))
                .mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    static String percentiles(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format("%.1f / %.1f", percentile(sorted, 50), percentile(sorted, 95));
    }

    static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
