package liveloop.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import liveloop.Await;
import liveloop.engine.SnippetResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Code that would hang or end the host is stopped instead, and the host goes on. */
class RunawayCodeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LiveLoop host(Path scripts) {
        LiveLoop.Builder builder = LiveLoop.builder().hz(200).tickBudget(Duration.ofMillis(200))
                .evaluationBudget(Duration.ofMillis(300)).output((kind, text) -> lines.add(kind + " " + text));
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
                SnippetResult result = only(host, exit);
                assertThat(result.failure()).as(exit).isNotNull();
                assertThat(result.failure().exceptionClass()).isEqualTo("java.lang.SecurityException");
                assertThat(result.failure().message()).contains("would stop the host", "/exit");
                assertThat(result.failure().frames()).as("the user's call comes first").first().asString().startsWith("(#");
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

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Await.until(condition, TIMEOUT);
    }
}
