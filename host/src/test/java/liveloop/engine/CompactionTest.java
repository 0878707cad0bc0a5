package liveloop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import liveloop.Await;
import liveloop.agent.LiveloopAgent;
import liveloop.loop.Clock;
import liveloop.loop.TickLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Compaction moves a session into a fresh JShell and nobody can tell, except by its log line. */
public class CompactionTest {
    private TickLoop loop;
    private JShellEngine engine;
    private final Recorder recorder = new Recorder();

    /** Bound into the session: remembers a snippet class's loader without keeping it alive. */
    public static final class Recorder {
        private volatile WeakReference<ClassLoader> loader = new WeakReference<>(null);

        public void remember(Class<?> snippetClass) {
            loader = new WeakReference<>(snippetClass.getClassLoader());
        }
    }

    private void open() {
        loop = new TickLoop(Clock.system(), 1000, tick -> {});
        loop.start();
        engine = JShellEngine.open(loop, getClass().getClassLoader(), LiveloopAgent.instrumentation().orElseThrow(),
                Map.of("recorder", recorder));
    }

    @AfterEach
    void close() throws InterruptedException {
        if (engine != null) {
            engine.close();
        }
        if (loop != null) {
            loop.close();
        }
    }

    private SnippetResult eval(String source) {
        List<SnippetResult> results = engine.eval(source).join().results();
        assertThat(results).hasSize(1);
        assertThat(results.get(0).failed()).as("%s: %s", source, results.get(0)).isFalse();
        return results.get(0);
    }

    private String call(String state) throws Exception {
        return loop.call(() -> {
            try {
                return engine.behaviours().state(state).run();
            } catch (Throwable e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void everyDeclarationKeepsItsIdAndEveryVariableItsLiveValue() throws Exception {
        open();
        eval("import java.time.*;");
        eval("int t = 0;");
        engine.eval("double x = 1.5, y = -2;").join();
        eval("List<String> seen = new ArrayList<>(List.of(\"a\"));");
        eval("String start() { t++; seen.add(\"s\" + t); return \"start\"; }");
        eval("String start() { t += 10; return \"start\"; }");
        eval("interface Shape { double area(); }");
        eval("double twice(double x) { return 2 * x; }");
        SnippetResult temporary = eval("twice(21)");
        eval("t = 41");
        List<SessionEntry> before = engine.entries().join();

        String line = engine.compact().join();

        assertThat(line).startsWith("compacted the session: ");
        assertThat(engine.entries().join()).isEqualTo(before);
        assertThat(eval("t").value()).isEqualTo("41");
        assertThat(eval("seen").value()).isEqualTo("[a]");
        assertThat(eval("x + y").value()).isEqualTo("-0.5");
        assertThat(eval(temporary.name()).value()).isEqualTo("42.0");
        assertThat(eval("Duration.ofSeconds(t).toString()").value()).isEqualTo("\"PT41S\"");
        assertThat(call("start")).isEqualTo("start");
        assertThat(eval("t").value()).isEqualTo("51");
        assertThat(eval("recorder == null").value()).isEqualTo("false");
    }

    @Test
    void theOldSessionAndItsClassesAreCollected() throws Exception {
        open();
        engine.applyScript("a.jsh", "int n = 0;\nString start() { return \"old\"; }\n").join();
        eval("String start() { n++; return \"start\"; }"); // the file's version is no longer active
        eval("recorder.remember(java.lang.invoke.MethodHandles.lookup().lookupClass())");
        call("start");
        WeakReference<ClassLoader> oldLoader = recorder.loader;
        assertThat(oldLoader.get()).isNotNull();

        assertThat(engine.compact().join()).startsWith("compacted the session: ");
        call("start");

        // No thread, context loader, cache or handle may pin the old session.
        Await.until(() -> {
            System.gc();
            return oldLoader.get() == null;
        }, Duration.ofSeconds(20));
        assertThat(eval("n").value()).isEqualTo("2");
    }

    @Test
    void aVariableHoldingAnObjectOfTheSessionsClassesPostponesCompaction() throws Exception {
        open();
        eval("record Point(int x, int y) {}");
        eval("List<Point> points = new ArrayList<>(List.of(new Point(1, 2)));");
        eval("Runnable later = null;");
        List<SessionEntry> before = engine.entries().join();

        assertThat(engine.compact().join()).isEqualTo("compaction skipped, the session goes on as it was: "
                + "variable points[0] holds an object of class Point the session declared");
        assertThat(engine.entries().join()).isEqualTo(before);

        eval("points.clear()");
        eval("later = () -> points.add(new Point(3, 4));");
        assertThat(engine.compact().join()).endsWith(": variable later holds a lambda the session declared");

        eval("later = null");
        assertThat(engine.compact().join()).startsWith("compacted the session: ");
        assertThat(eval("points.size()").value()).isEqualTo("0");
        eval("points.add(new Point(5, 6))");
        assertThat(eval("points.get(0).x()").value()).isEqualTo("5");
    }

    @Test
    void aDeclaredClassWithStaticStatePostponesCompaction() throws Exception {
        open();
        eval("class Registry { static List<String> names = new ArrayList<>(); static final int LIMIT = 3; }");
        eval("enum Light { RED, GREEN }");
        eval("Registry.names.add(\"kept\")");
        eval("int later() { return missing(); }");

        assertThat(engine.compact().join()).isEqualTo("compaction skipped, the session goes on as it was: "
                + "class Registry keeps static state (names), which a fresh class would not have");

        eval("class Registry { static final int LIMIT = 3; }");
        assertThat(engine.compact().join()).startsWith("compacted the session: ");
        assertThat(eval("Light.GREEN.ordinal() + Registry.LIMIT").value()).isEqualTo("4");
        eval("int missing() { return 7; }");
        assertThat(eval("later()").value()).isEqualTo("7");
    }

    @Test
    void aLongSessionCompactsItselfAndRunsTheNewestVersion() throws Exception {
        open();
        List<String> notices = new CopyOnWriteArrayList<>();
        engine.compactAfter(15, notices::add);
        eval("int calls = 0;");
        for (int i = 1; i <= 40; i++) {
            eval("String start() { calls++; return \"v" + i + "\"; }");
        }
        Await.until(() -> notices.size() >= 2, Duration.ofSeconds(30));
        assertThat(notices).allMatch(line -> line.startsWith("compacted the session: "));
        assertThat(call("start")).isEqualTo("v40");
        assertThat(eval("calls").value()).isEqualTo("1");
    }

    @Test
    void aScriptAppliedAgainAfterCompactionIsUnchanged() throws Exception {
        open();
        String script = "int count = 5;\nString start() { count++; return \"start\"; }\n";
        assertThat(engine.applyScript("a.jsh", script).join().applied()).isTrue();
        call("start");

        assertThat(engine.compact().join()).startsWith("compacted the session: ");

        ScriptResult again = engine.applyScript("a.jsh", script + "void extra() {}\n").join();
        assertThat(again.results()).extracting(SnippetResult::action)
                .containsExactly(SnippetResult.Action.UNCHANGED, SnippetResult.Action.UNCHANGED, SnippetResult.Action.CREATED);
        assertThat(eval("count").value()).isEqualTo("6");
        assertThat(engine.removeScript("a.jsh").join().results()).extracting(SnippetResult::action)
                .containsOnly(SnippetResult.Action.DROPPED);
    }
}
