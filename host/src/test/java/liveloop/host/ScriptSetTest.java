package liveloop.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import liveloop.agent.LiveloopAgent;
import liveloop.engine.JShellEngine;
import liveloop.loop.Clock;
import liveloop.loop.TickLoop;
import liveloop.script.ScriptFiles;
import liveloop.script.ScriptWatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts directory driven change by change, without the watcher, for the orders of events
 * that a real watcher only gives now and then.
 */
class ScriptSetTest {
    @TempDir
    Path dir;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private TickLoop loop;
    private JShellEngine engine;
    private ScriptSet scripts;

    @BeforeEach
    void open() {
        loop = new TickLoop(Clock.system(), 1000, tick -> {});
        loop.start();
        engine = JShellEngine.open(loop, getClass().getClassLoader(), LiveloopAgent.instrumentation().orElseThrow(),
                Map.of());
        scripts = new ScriptSet(dir, ScriptFiles.DEFAULT_MAX_BYTES, engine, (kind, text) -> lines.add(kind + " " + text),
                loop::ticks, name -> {}, name -> {});
    }

    @AfterEach
    void close() throws InterruptedException {
        engine.close();
        loop.close();
    }

    @Test
    void aScriptGoneBetweenItsEventAndItsReadSaysNothingUntilItsRemovalIsDelivered() throws Exception {
        Path file = Files.writeString(dir.resolve("a.jsh"), "String greet() { return \"v1\"; }\n").toAbsolutePath();
        assertThat(scripts.loadAll()).isEmpty();

        // An editor's safe write renames the file away for a moment, just after the watcher saw the save.
        Files.delete(file);
        scripts.changed(new ScriptWatcher.Change(file, false));
        assertThat(lines).noneMatch(line -> line.startsWith("ERROR"));
        assertThat(scripts.active()).containsKey(file);

        // The removal is an event of its own; if the file is still gone when it is delivered, it is dropped.
        scripts.changed(new ScriptWatcher.Change(file, true));
        assertThat(lines).anyMatch(line -> line.matches("INFO .*a\\.jsh deleted, applied at tick \\d+: 1 dropped.*"));
        assertThat(scripts.active()).isEmpty();
    }
}
