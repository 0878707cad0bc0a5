package liveloop.host;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import liveloop.engine.JShellEngine;
import liveloop.engine.ScriptResult;
import liveloop.engine.SnippetResult.Action;
import liveloop.script.ScriptFiles;
import liveloop.script.ScriptWatcher;

/**
 * The scripts directory as the session sees it: loads every script at start, re-applies a
 * file when it is saved, drops a deleted file's declarations, and tells the user what each
 * change did.
 */
final class ScriptSet {
    private final Path dir;
    private final Path absoluteDir;
    private final JShellEngine engine;
    private final Output output;
    private final LongSupplier ticks;
    private final Consumer<String> applied;
    private final Map<String, String> active = new ConcurrentHashMap<>(); // display path -> content

    ScriptSet(Path dir, JShellEngine engine, Output output, LongSupplier ticks, Consumer<String> applied) {
        this.dir = dir;
        this.absoluteDir = dir.toAbsolutePath().normalize();
        this.engine = engine;
        this.output = output;
        this.ticks = ticks;
        this.applied = applied;
    }

    /**
     * Loads every script in path order.
     *
     * @return the errors, as {@code path:line:col: error: message} lines; empty if all loaded
     */
    List<String> loadAll() throws IOException {
        List<String> errors = new ArrayList<>();
        for (Path file : ScriptFiles.list(absoluteDir)) {
            String path = display(file);
            String content;
            try {
                content = ScriptFiles.read(file);
            } catch (IOException e) {
                String error = path + ": error: cannot read: " + e.getMessage();
                output.line(Output.Kind.ERROR, error);
                errors.add(error);
                continue;
            }
            ScriptResult result = engine.applyScript(path, content).join();
            active.put(path, content);
            errors.addAll(report(result, "loaded " + path));
        }
        return errors;
    }

    /** A watched file changed or went away. Called on the watcher's thread. */
    void changed(ScriptWatcher.Change change) {
        String path = display(change.file());
        if (change.deleted()) {
            if (active.remove(path) != null) {
                report(engine.removeScript(path).join(), path + " deleted, applied at tick " + ticks.getAsLong());
            }
            return;
        }
        String content;
        try {
            content = ScriptFiles.read(change.file());
        } catch (IOException e) {
            output.line(Output.Kind.ERROR, path + ": error: cannot read: " + e.getMessage()
                    + "; the previous version keeps running");
            return;
        }
        if (content.equals(active.get(path))) {
            return; // saved without changes, or a second event for a save already applied
        }
        ScriptResult result = engine.applyScript(path, content).join();
        active.put(path, content);
        report(result, path + " applied at tick " + ticks.getAsLong());
    }

    private List<String> report(ScriptResult result, String headline) {
        List<String> errors = new ArrayList<>();
        for (ScriptResult.Problem problem : result.problems()) {
            output.line(problem.error() ? Output.Kind.ERROR : Output.Kind.INFO, problem.toString());
            if (problem.error()) {
                errors.add(problem.toString());
            }
        }
        String summary = headline + ": " + summarize(result) + " (" + result.nanos() / 1_000_000 + " ms)";
        if (!errors.isEmpty()) {
            summary += "; the snippets with errors did not change anything";
        }
        output.line(errors.isEmpty() ? Output.Kind.INFO : Output.Kind.ERROR, summary);
        applied.accept(result.path() + (errors.isEmpty() ? " ok" : " error") + " at tick " + ticks.getAsLong());
        return errors;
    }

    private static String summarize(ScriptResult result) {
        Map<Action, Integer> counts = result.counts();
        StringJoiner parts = new StringJoiner(", ");
        count(parts, counts, Action.MODIFIED, "modified");
        count(parts, counts, Action.REPLACED, "replaced");
        count(parts, counts, Action.CREATED, "added");
        count(parts, counts, Action.DROPPED, "dropped");
        count(parts, counts, Action.REJECTED, "rejected");
        return parts.length() == 0 ? "no code changes" : parts.toString();
    }

    private static void count(StringJoiner parts, Map<Action, Integer> counts, Action action, String word) {
        Integer n = counts.get(action);
        if (n != null) {
            parts.add(n + " " + word);
        }
    }

    private String display(Path file) {
        return dir.resolve(absoluteDir.relativize(file.toAbsolutePath().normalize())).toString();
    }
}
