package liveloop.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import liveloop.Await;
import liveloop.LoggedRecords;
import liveloop.engine.SnippetResult;
import liveloop.engine.Watchdog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Code that would hang or end the host is stopped instead, and the host goes on. */
class RunawayCodeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int HZ = 200;
    /**
     * An allocation bomb: every array is bigger than the whole default heap on machines with
     * less than 64 GB (a heap of up to 16 GB), so the first one fails at once, after the JVM's
     * full collections (60 to 260 ms measured here); on a bigger heap the list fills it.
     */
    private static final String BOMB = "void bomb() { List<long[]> keep = new ArrayList<>(); "
            + "while (true) keep.add(new long[Integer.MAX_VALUE - 8]); }";

    @TempDir
    Path dir;

    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LiveLoop host(Path scripts) {
        return host(scripts, Duration.ofMillis(200), Duration.ofMillis(300));
    }

    private LiveLoop host(Path scripts, Duration tickBudget, Duration evaluationBudget) {
        LiveLoop.Builder builder = LiveLoop.builder().hz(HZ).tickBudget(tickBudget).evaluationBudget(evaluationBudget)
                .output((kind, text) -> lines.add(kind + " " + text));
        return (scripts == null ? builder : builder.scripts(scripts)).build();
    }

    private static SnippetResult only(LiveLoop host, String code) {
        List<SnippetResult> results = host.eval(code).join().results();
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    @Test
    void exitingFromLiveCodeIsAnErrorNotTheEnd() throws Exception {
        try (LiveLoop host = host(null)) {
            host.start();
            for (String exit : new String[] {"System.exit(0)", "Runtime.getRuntime().exit(3)", "Runtime.getRuntime().halt(1)"}) {
                assertExitIsRefused(host, exit);
            }
            assertThat(only(host, "1 + 1").value()).isEqualTo("2");
        }
    }

    @Test
    void aRunawayEvaluationIsStoppedAndItsWorkSoFarStays() throws Exception {
        try (LiveLoop host = host(null)) {
            host.start();
            only(host, "long spins = 0;");
            SnippetResult loop = only(host, "while (true) { try { spins++; } catch (Throwable ignored) { } }");
            assertThat(loop.failure().message()).contains("evaluation ran past its budget of 300 ms");
            assertThat(Long.parseLong(only(host, "spins").value())).isPositive();
            assertThat(only(host, "spins - spins").value()).isEqualTo("0");
        }
    }

    @Test
    void aRunawayTickIsStoppedTheMachinePausesAndAFixResumesIt() throws Exception {
        Files.writeString(dir.resolve("m.jsh"), "int n = 0;\n"
                + "String start() { if (++n == 20) { while (true) { } } return \"start\"; }\n");
        try (LiveLoop host = host(dir)) {
            host.start();
            await(() -> host.status().loop().paused() && lines.stream().anyMatch(l -> l.contains("was stopped")));
            assertThat(lines).filteredOn(l -> l.contains("was stopped")).hasSize(1)
                    .first().asString().contains("start() was stopped at tick 20", "budget of 200 ms");
            assertThat(only(host, "n").value()).as("what completed ticks wrote").isEqualTo("20");

            Files.writeString(dir.resolve("m.jsh"), "int n = 0;\nString start() { ++n; return \"start\"; }\n");
            await(() -> !host.status().loop().paused() && Integer.parseInt(only(host, "n").value()) > 30);
        }
    }

    @Test
    void exitingThroughAMethodReferenceIsAnErrorNotTheEnd() throws Exception {
        try (LiveLoop host = host(null)) {
            host.start();
            for (String exit : new String[] {
                    "((java.util.function.IntConsumer) System::exit).accept(0)",
                    "((java.util.function.IntConsumer) Runtime.getRuntime()::exit).accept(3)",
                    "((java.util.function.IntConsumer) Runtime.getRuntime()::halt).accept(1)",
                    "((java.util.function.ObjIntConsumer<Runtime>) Runtime::halt).accept(Runtime.getRuntime(), 1)"}) {
                assertExitIsRefused(host, exit);
            }
            assertThat(only(host, "1 + 1").value()).isEqualTo("2");
            assertTicksAtItsRate(host);
        }
    }

    @Test
    void anInterruptLeftSetByLiveCodeDoesNotStopTheLoop() throws Exception {
        try (LiveLoop host = host(null)) {
            host.start();
            // The loop thread's next wait between ticks would throw, and end the loop and the session.
            assertThat(only(host, "Thread.currentThread().interrupt()").failed()).isFalse();
            assertThat(only(host, "Thread.currentThread().isInterrupted()").value()).isEqualTo("false");
            assertTicksAtItsRate(host);
        }
    }

    @Test
    void aStackOverflowInAnEvaluationIsReportedAndTheHostGoesOn() throws Exception {
        faultInAnEvaluation("int deep(int x) { return deep(x + 1) + 1; }", "deep(0)", Duration.ofMillis(300),
                "java.lang.StackOverflowError", "deep (#");
    }

    @Test
    void aStackOverflowInATickPausesTheMachineKeepsItsStateAndAFixResumesIt() throws Exception {
        faultInATick("int deep(int x) { return deep(x + 1) + 1; }\n", "deep(0);", "java.lang.StackOverflowError",
                "at deep()", Duration.ofMillis(200));
    }

    // The JVM gives a stack trace to its first few OutOfMemoryErrors only (2 on JDK 17.0.15, 4 on
    // 25.0.3; later ones have no frames to report). These two are the only tests in the suite that
    // run out of memory. Their budgets are long so that on a heap the bomb must fill, the watchdog
    // does not stop it first.
    @Test
    void runningOutOfMemoryInAnEvaluationIsReportedAndTheHostGoesOn() throws Exception {
        faultInAnEvaluation(BOMB, "bomb()", Duration.ofSeconds(10), "java.lang.OutOfMemoryError: Java heap space", "bomb (#");
    }

    /** Declares {@code declaration}, evaluates {@code call}: it fails as expected, and the host goes on. */
    private void faultInAnEvaluation(String declaration, String call, Duration evaluationBudget, String headline,
            String userFrame) throws Exception {
        try (LiveLoop host = host(null, Duration.ofMillis(200), evaluationBudget)) {
            host.start();
            only(host, declaration);
            SnippetResult result = only(host, call);
            assertThat(result.failure().headline()).isEqualTo(headline);
            assertThat(result.failure().frames()).first().asString().startsWith(userFrame);
            assertThat(only(host, "1 + 1").value()).isEqualTo("2");
            assertTicksAtItsRate(host);
        }
    }

    @Test
    void runningOutOfMemoryInATickPausesTheMachineKeepsItsStateAndAFixResumesIt() throws Exception {
        faultInATick(BOMB + "\n", "bomb();", "java.lang.OutOfMemoryError: Java heap space", "at bomb()",
                Duration.ofSeconds(10));
    }

    @Test
    void aTickAsleepIsInterruptedAndTheLoopTicksOnAtItsRate() throws Exception {
        try (LoggedRecords watchdogLog = new LoggedRecords(Watchdog.class)) {
            faultInATick("", "Thread.sleep(Long.MAX_VALUE);", "java.lang.InterruptedException: sleep interrupted",
                    "at start()", Duration.ofMillis(200));
            // The watchdog's own report (its wording: WatchdogTest) reaches the output once the
            // host wires it there; until then, the log.
            await(() -> Stream.concat(lines.stream(), watchdogLog.records().stream().map(LogRecord::getMessage))
                    .anyMatch(l -> l.contains("the tick ran past its budget of 200 ms and is waiting in java.lang.Thread.sleep")));
        }
    }

    /**
     * A machine whose 20th tick runs {@code fault}: the fault is reported once with the user's
     * frames, the machine pauses, what earlier ticks wrote stays, and a fix resumes the machine.
     */
    private void faultInATick(String declarations, String fault, String headline, String userFrame, Duration tickBudget)
            throws Exception {
        Files.writeString(dir.resolve("m.jsh"), "int n = 0;\n" + declarations
                + "String start() throws Exception { if (++n == 20) " + fault + " return \"start\"; }\n");
        try (LiveLoop host = host(dir, tickBudget, Duration.ofMillis(300))) {
            host.start();
            // The report is a line for the fault, then one per frame, written after the machine
            // paused: wait for the user's frame too, not only for the pause and the first line.
            await(() -> host.status().loop().paused() && !userFrames().isEmpty());
            assertThat(lines).filteredOn(l -> l.contains(" threw ")).singleElement().asString()
                    .contains("start() threw " + headline + " at tick 20", "paused");
            assertThat(userFrames()).as("the user's frames").first().isEqualTo("ERROR       " + userFrame);
            assertThat(only(host, "n").value()).as("what completed ticks wrote").isEqualTo("20");

            Files.writeString(dir.resolve("m.jsh"), "int n = 0;\nString start() { ++n; return \"start\"; }\n");
            await(() -> !host.status().loop().paused() && Integer.parseInt(only(host, "n").value()) > 30);
            assertTicksAtItsRate(host);
        }
    }

    /** Evaluating {@code exit} raises the error that says to use /exit, from the user's own call. */
    private static void assertExitIsRefused(LiveLoop host, String exit) {
        SnippetResult result = only(host, exit);
        assertThat(result.failure()).as(exit).isNotNull();
        assertThat(result.failure().exceptionClass()).isEqualTo("java.lang.SecurityException");
        assertThat(result.failure().message()).contains("would stop the host", "/exit");
        assertThat(result.failure().frames()).as("the user's call comes first").first().asString().startsWith("(#");
    }

    /** The frames reported after the fault's line, without the JDK's. */
    private List<String> userFrames() {
        return lines.stream().dropWhile(l -> !l.contains(" threw ")).skip(1)
                .takeWhile(l -> l.startsWith("ERROR       at ")).filter(l -> !l.contains("java.base/"))
                .collect(Collectors.toList());
    }

    /** The loop runs on at its rate: an interrupt left behind would have ended it. */
    private static void assertTicksAtItsRate(LiveLoop host) throws InterruptedException {
        long from = host.status().loop().ticks();
        await(() -> host.status().loop().ticks() > from + HZ / 5 && host.status().loop().actualHz() > HZ / 2);
        assertThat(host.stopped()).isNotDone();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Await.until(condition, TIMEOUT);
    }
}
