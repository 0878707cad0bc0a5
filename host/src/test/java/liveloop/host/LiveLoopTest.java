package liveloop.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import liveloop.Await;
import liveloop.engine.SnippetResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding API: a program runs liveloop with its own objects in the session. */
public class LiveLoopTest { // public, so snippets can name the nested World it binds
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** An object an embedding program binds into the session. */
    public static final class World {
        private final List<String> log = new CopyOnWriteArrayList<>();

        public void say(String what) {
            log.add(what);
        }

        public List<String> log() {
            return log;
        }
    }

    @TempDir
    Path dir;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Output output = (kind, text) -> lines.add(kind + " " + text);

    @Test
    void aProgramBindsItsOwnObjectsAndScriptsDriveThem() throws Exception {
        Files.writeString(dir.resolve("w.jsh"), "int n = 0;\n"
                + "String start() { world.say(\"tick \" + ++n); return n >= 3 ? \"rest\" : \"start\"; }\n"
                + "String rest() { return \"rest\"; }\n");
        World world = new World();
        try (LiveLoop host = LiveLoop.builder().scripts(dir).bind("world", world).hz(500).output(output).build()) {
            host.start();
            await(() -> "rest".equals(host.status().state()));
            assertThat(world.log()).containsExactly("tick 1", "tick 2", "tick 3");
            SnippetResult size = host.eval("world.log().size()").join().results().get(0);
            assertThat(size.value()).isEqualTo("3");
        }
    }

    @Test
    void whatIsAskedWhileTheHostStartsWaitsForItsScripts() throws Exception {
        // A prompt comes up before the session has loaded: what the user enters meanwhile waits.
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        Files.writeString(dir.resolve("slow.jsh"), "loading.countDown();\ngate.await();\nint answer = 42;\n");
        try (LiveLoop host = LiveLoop.builder().scripts(dir).bind("loading", loading).bind("gate", gate)
                .output(output).build()) {
            CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
                try {
                    host.start();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            assertThat(loading.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the script began to load").isTrue();
            assertThat(host.isStarted()).isFalse();
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(
                    () -> host.eval("answer").join().results().get(0).value());
            assertThat(answer).as("it waits for the script").isNotDone();
            gate.countDown();
            assertThat(answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("42");
            started.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(host.isStarted()).isTrue();
        }
    }

    @Test
    void whatSnippetsPrintReachesTheOutputAsLines() throws Exception {
        try (LiveLoop host = LiveLoop.builder().output(output).build()) {
            host.start();
            host.eval("System.out.println(\"hello\"); System.err.print(\"partial\");").join();
            await(() -> lines.contains("OUT hello") && lines.contains("ERR partial"));
        }
        assertThat(System.out).as("the real stream is back after close").isNotNull();
    }

    @Test
    void theViewIsWhatTheScriptsViewReturnedAfterARecentTick() throws Exception {
        Files.writeString(dir.resolve("m.jsh"), "int n = 0;\nString start() { n++; return \"start\"; }\n");
        try (LiveLoop host = LiveLoop.builder().scripts(dir).hz(500).output(output).build()) {
            host.start();
            assertThat(host.view()).as("no view() declared").isEmpty();
            host.eval("String view() { return \"n is \" + n + \"\\nline 2\"; }").join();
            await(() -> host.view().size() == 2 && host.view().get(0).startsWith("n is "));
            int seen = Integer.parseInt(host.view().get(0).substring(5));
            await(() -> Integer.parseInt(host.view().get(0).substring(5)) > seen); // it follows the ticks
            assertThat(host.view().get(1)).isEqualTo("line 2");

            host.eval("String view() { throw new IllegalStateException(\"no view\"); }").join();
            await(() -> host.view().equals(List.of("view() threw java.lang.IllegalStateException: no view")));
            assertThat(host.status().loop().paused()).as("a failing view is not a fault of the machine").isFalse();
        }
    }

    @Test
    void aBehaviourThatThrowsIsReportedOnceAndPausesTheMachine() throws Exception {
        Files.writeString(dir.resolve("boom.jsh"), "int n = 0;\n"
                + "String start() { if (++n == 5) throw new IllegalStateException(\"boom\"); return \"start\"; }\n");
        try (LiveLoop host = LiveLoop.builder().scripts(dir).hz(500).output(output).build()) {
            host.start();
            await(() -> host.status().loop().paused() && lines.stream().anyMatch(l -> l.contains("boom")));
            assertThat(lines.stream().filter(l -> l.contains("threw java.lang.IllegalStateException: boom")))
                    .hasSize(1);
            assertThat(host.eval("n").join().results().get(0).value()).isEqualTo("5");
            // The fix is a change: it lands and the machine runs again.
            host.eval("String start() { ++n; return \"start\"; }").join();
            await(() -> !host.status().loop().paused() && host.status().loop().ticks() > 10);
        }
    }

    @Test
    void releaseModeFailsToStartOnAScriptError() throws Exception {
        Files.writeString(dir.resolve("bad.jsh"), "String start() { return 1; }\n");
        try (LiveLoop host = LiveLoop.builder().scripts(dir).release(true).output(output).build()) {
            assertThatThrownBy(host::start).isInstanceOf(ScriptLoadException.class)
                    .hasMessageContaining("bad.jsh:1:25: error: incompatible types");
        }
    }

    @Test
    void everyExampleScriptLoadsWithoutProblems() throws Exception {
        Path scripts = Path.of("..", "scripts");
        assertThat(scripts).isDirectory();
        List<Path> files = new ArrayList<>();
        try (var stream = Files.list(scripts)) {
            stream.filter(p -> p.toString().endsWith(".jsh")).forEach(files::add);
        }
        assertThat(files).isNotEmpty();
        try (LiveLoop host = LiveLoop.builder().scripts(scripts).release(true).hz(5000).maxTicks(2000)
                .output(output).build()) {
            host.start();
            host.stopped().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        for (Path file : files) {
            assertThat(lines).anyMatch(l -> l.startsWith("INFO loaded " + file));
        }
        assertThat(lines).noneMatch(l -> l.startsWith("ERROR") || l.contains("warning"));
    }

    @Test
    void badSettingsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> LiveLoop.builder().hz(0)).hasMessageContaining("tick rate");
        assertThatThrownBy(() -> LiveLoop.builder().start("no-name")).hasMessageContaining("Java method name");
        assertThatThrownBy(() -> LiveLoop.builder().bind("1x", new Object())).hasMessageContaining("identifier");
        assertThatThrownBy(() -> LiveLoop.builder().scripts(dir.resolve("missing")).build())
                .hasMessageContaining("scripts directory not found");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Await.until(condition, TIMEOUT);
    }
}
