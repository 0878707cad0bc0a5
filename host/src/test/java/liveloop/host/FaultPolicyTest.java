package liveloop.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import liveloop.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a behaviour that throws leads to: a pause, a rollback, or quarantine when it keeps failing. */
class FaultPolicyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String COUNTING = "int n = 0;\nString start() { n++; return \"start\"; }\n";
    private static final String FAILING = "String start() { n++; if (n > 0) throw new IllegalStateException(\"v2\"); return \"start\"; }";

    @TempDir
    Path dir;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private LiveLoop host;

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private void start(String script, LiveLoop.Builder builder) throws Exception {
        Files.writeString(dir.resolve("a.jsh"), script);
        host = builder.scripts(dir).hz(200).output((kind, text) -> lines.add(kind + " " + text)).build();
        host.start();
    }

    @Test
    void rollbackReturnsToTheNewestVersionThatRanCleanlyAndSaysSoLoudly() throws Exception {
        start(COUNTING, LiveLoop.builder().faultPolicy(FaultPolicy.ROLLBACK));
        await(() -> n() > 5);
        host.eval(FAILING).join();
        await(() -> lines.stream().anyMatch(l -> l.startsWith("ERROR ROLLED BACK start() to version 1 (")));
        assertThat(lines).anyMatch(l -> l.matches("ERROR start\\(\\) threw java.lang.IllegalStateException: v2 at tick \\d+;"
                + " rolling start\\(\\) back"));
        int after = n();
        await(() -> n() > after + 5 && !host.status().loop().paused()); // running version 1 again
        assertThat(host.rejectedVersions().join()).singleElement().asString()
                .matches("start\\(\\): running version 1 \\(.*a\\.jsh at tick \\d+\\); rejected version 2 \\(prompt at tick \\d+\\):"
                        + " start\\(\\) threw java.lang.IllegalStateException: v2 at tick \\d+");
    }

    @Test
    void rollbackWithNoCleanVersionPauses() throws Exception {
        start("int n = 0;\n" + FAILING + "\n", LiveLoop.builder().faultPolicy(FaultPolicy.ROLLBACK));
        await(() -> lines.stream().anyMatch(l -> l.contains("no other version of start() ran without error")));
        assertThat(host.status().loop().paused()).isTrue();
        assertThat(n()).isEqualTo(1);
    }

    @Test
    void pauseIsTheDefaultAndAFixResumes() throws Exception {
        start(COUNTING, LiveLoop.builder());
        await(() -> n() > 5);
        host.eval(FAILING).join();
        await(() -> host.status().loop().paused()
                && lines.stream().anyMatch(l -> l.endsWith("the machine is paused in state start (fix the code, or /resume)")));
        host.eval(COUNTING.substring(COUNTING.indexOf("String"))).join();
        int after = n();
        await(() -> n() > after + 5);
        assertThat(lines).noneMatch(l -> l.contains("ROLLED BACK"));
    }

    @Test
    void aBehaviourThatKeepsFailingIsQuarantinedUntilTheUserResumes() throws Exception {
        start(COUNTING, LiveLoop.builder().crashLoop(3, Duration.ofMinutes(1)));
        host.eval(FAILING).join();
        for (int fault = 1; fault <= 3; fault++) {
            int expected = fault;
            await(() -> host.status().loop().paused() && faults() == expected);
            if (fault < 3) {
                host.eval(FAILING.replace("v2", "v2." + fault)).join(); // a change that does not fix it resumes
            }
        }
        assertThat(lines).anyMatch(l -> l.endsWith("it failed 3 times within 60.0 s: quarantined,"
                + " the machine is paused in state start until you /resume"));
        host.eval(COUNTING.substring(COUNTING.indexOf("String"))).join(); // the fix does not resume it
        assertThat(host.status().loop().paused()).isTrue();
        host.resume();
        int after = n();
        await(() -> n() > after + 5);
    }

    private long faults() {
        return lines.stream().filter(l -> l.contains("threw java.lang.IllegalStateException")).count();
    }

    private int n() {
        return Integer.parseInt(host.eval("n").join().results().get(0).value());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Await.until(condition, TIMEOUT);
    }
}
