package liveloop.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.function.LongSupplier;
import liveloop.engine.JShellEngine;
import liveloop.engine.ScriptResult;
import liveloop.engine.SnippetResult;
import liveloop.engine.SnippetResult.Action;
import liveloop.script.ScriptFiles;
import liveloop.script.ScriptWatcher;

/**
 * The scripts directory as the session sees it. Each file is a unit of change: a save applies
 * whole or not at all (see {@link JShellEngine#applyScript}); a deleted file drops its
 * declarations; a renamed file keeps them. Tells the user what each change did, in one line.
 *
 * <p>Loading and watching may overlap, so each file is read and applied under one lock: what
 * is applied last is what was read last.
 */
final class ScriptSet {
    private final Path dir;
    private final Path absoluteDir;
    private final int maxBytes;
    private final JShellEngine engine;
    private final Output output;
    private final LongSupplier ticks;
    private final Consumer<String> applied;
    private final Consumer<String> rejected;
    private final Map<Path, String> active = new ConcurrentHashMap<>(); // absolute path -> content whose code runs
    private final Map<Path, String> waiting = new LinkedHashMap<>(); // content that failed for want of a name
    private final Set<Path> tried = new HashSet<>(); // every file applied at least once, even if it failed

    ScriptSet(Path dir, int maxBytes, JShellEngine engine, Output output, LongSupplier ticks,
            Consumer<String> applied, Consumer<String> rejected) {
        this.dir = dir;
        this.absoluteDir = dir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        this.engine = engine;
        this.output = output;
        this.ticks = ticks;
        this.applied = applied;
        this.rejected = rejected;
    }

    /** The content whose code is active, by absolute path. */
    Map<Path, String> active() {
        return Map.copyOf(active);
    }

    /**
     * Loads every script in path order. A file may use what a later file declares: warnings
     * about missing declarations are given once all files are loaded, for what is still missing.
     *
     * @return the errors, as {@code path:line:col: error: message} lines; empty if all loaded
     */
    synchronized List<String> loadAll() throws IOException {
        List<String> errors = new ArrayList<>();
        Map<Path, ScriptResult> loaded = new LinkedHashMap<>();
        for (Path file : ScriptFiles.list(absoluteDir)) {
            String content;
            try {
                content = read(file);
            } catch (ScriptFiles.VanishedException _gone) {
                continue; // deleted since it was listed: not a script of this start any more
            }
            if (content == null) {
                errors.add(display(file) + ": error: cannot read");
            } else if (!content.isBlank()) {
                loaded.put(file, apply(file, content, List.of()));
            }
        }
        retryWaiting(loaded::put);
        loaded.forEach((file, result) -> errors.addAll(report(file, engine.recheck(result).join(), "loaded " + result.path())));
        return errors;
    }

    /** A watched file changed or went away. Called on the watcher's thread. */
    synchronized void changed(ScriptWatcher.Change change) {
        Path file = change.file().toAbsolutePath().normalize();
        if (change.deleted()) {
            deleted(file);
            return;
        }
        waiting.remove(file); // whatever the file held before, it holds this now
        String content;
        try {
            content = read(file);
        } catch (ScriptFiles.VanishedException _gone) {
            // Removed since the watcher saw it, perhaps for a moment by an editor's safe write:
            // the removal is an event too, and its delivery drops the file or reads what is back.
            return;
        }
        if (content == null || content.equals(active.get(file))) {
            return; // unreadable (reported), or saved without changes, or a save already applied
        }
        if (!change.isCurrent()) {
            return; // a part of the next save, perhaps: that save is delivered in its turn
        }
        if (content.isBlank()) {
            if (active.containsKey(file)) {
                output.line(Output.Kind.ERROR, display(file) + ": error: the file is empty; the previous"
                        + " version keeps running (delete the file to drop its code)");
            }
            return;
        }
        List<Path> gone = active.keySet().stream()
                .filter(other -> !other.equals(file) && !Files.exists(other, LinkOption.NOFOLLOW_LINKS))
                .toList();
        String renamedFrom = gone.stream().filter(other -> content.equals(active.get(other)))
                .map(other -> display(other) + " renamed to ").findFirst().orElse("");
        ScriptResult result = apply(file, content, gone);
        report(file, result, renamedFrom + display(file) + " applied at tick " + ticks.getAsLong());
        if (result.applied()) {
            retryWaiting((other, retried) -> report(other, retried, display(other) + " applied at tick " + ticks.getAsLong()
                    + ", now that what it uses is declared"));
        }
    }

    /**
     * Applies one file's content; {@code gone} are files deleted or renamed whose declarations
     * the content may take over.
     */
    private ScriptResult apply(Path file, String content, List<Path> gone) {
        List<String> movedFrom = gone.stream().map(this::display).toList();
        ScriptResult result = engine.applyScript(display(file), content, movedFrom).join();
        tried.add(file);
        waiting.remove(file);
        if (result.applied()) {
            active.put(file, content);
            for (Path from : gone) {
                if (content.equals(active.get(from))) {
                    active.remove(from); // renamed: the old name has nothing left to drop
                }
            }
        } else if (result.results().stream().anyMatch(ScriptSet::missesAName)) {
            waiting.put(file, content);
        }
        return result;
    }

    /**
     * Files may use each other's declarations in any order: a file that failed because it uses
     * a name no file declared yet is tried again after each change that lands, until it applies
     * or fails for another reason. Only successes are reported; the failure was reported already.
     */
    private void retryWaiting(BiConsumer<Path, ScriptResult> appliedNow) {
        boolean progress = true;
        while (progress && !waiting.isEmpty()) {
            progress = false;
            for (Map.Entry<Path, String> entry : new ArrayList<>(waiting.entrySet())) {
                ScriptResult result = apply(entry.getKey(), entry.getValue(), List.of());
                if (result.applied()) {
                    progress = true;
                    appliedNow.accept(entry.getKey(), result);
                }
            }
        }
    }

    private static boolean missesAName(SnippetResult result) {
        return result.diagnostics().stream().anyMatch(d -> d.error() && d.message().startsWith("cannot find symbol"));
    }

    /**
     * A script went away. If it was renamed, its new name is a script never applied yet: that
     * is applied first, taking over the declarations it shares with the old file.
     */
    private void deleted(Path file) {
        waiting.remove(file);
        tried.remove(file);
        if (!active.containsKey(file)) {
            return;
        }
        try {
            for (Path other : ScriptFiles.list(absoluteDir)) {
                if (!tried.contains(other) && active.containsKey(file)) {
                    changed(new ScriptWatcher.Change(other, false));
                }
            }
        } catch (IOException e) {
            output.line(Output.Kind.ERROR, display(absoluteDir) + ": error: cannot list the scripts: " + e.getMessage());
        }
        if (active.remove(file) != null) {
            report(file, engine.removeScript(display(file)).join(), display(file) + " deleted, applied at tick " + ticks.getAsLong());
        }
    }

    /**
     * The script's text, or null after telling the user why it cannot be read.
     *
     * @throws ScriptFiles.VanishedException if the file is gone, which the caller decides about
     */
    private String read(Path file) throws ScriptFiles.VanishedException {
        try {
            return ScriptFiles.read(file, maxBytes);
        } catch (ScriptFiles.VanishedException e) {
            tried.add(file);
            throw e;
        } catch (IOException e) {
            tried.add(file); // a rename scan need not read it again
            // ScriptFiles names the file first ("/abs/a.jsh is not valid UTF-8..."); it is named here already.
            String why = e.getMessage().replaceFirst("^" + Pattern.quote(file.toString()) + " (is )?", "");
            String keeps = active.containsKey(file) ? "; the previous version keeps running" : "";
            output.line(Output.Kind.ERROR, display(file) + ": error: " + why + keeps);
            return null;
        }
    }

    private List<String> report(Path file, ScriptResult result, String headline) {
        List<String> errors = new ArrayList<>();
        for (ScriptResult.Problem problem : result.problems()) {
            output.line(problem.error() ? Output.Kind.ERROR : Output.Kind.INFO, problem.toString());
            if (problem.error()) {
                errors.add(problem.toString());
            }
        }
        String took = " (" + result.nanos() / 1_000_000 + " ms)";
        if (result.applied()) {
            output.line(Output.Kind.INFO, headline + ": " + summarize(result) + took);
        } else {
            String then = active.containsKey(file) ? "; the previous version keeps running"
                    : waiting.containsKey(file) ? "; it is tried again when another change lands" : "";
            output.line(Output.Kind.ERROR, result.path() + " not applied at tick " + ticks.getAsLong() + ": "
                    + errors.size() + (errors.size() == 1 ? " error" : " errors") + then + took);
        }
        String change = result.path() + (result.applied() ? " ok" : " error") + " at tick " + ticks.getAsLong();
        (result.applied() ? applied : rejected).accept(change);
        return errors;
    }

    private static String summarize(ScriptResult result) {
        Map<Action, Integer> counts = result.counts();
        StringJoiner parts = new StringJoiner(", ");
        count(parts, counts, Action.MODIFIED, "modified");
        count(parts, counts, Action.REPLACED, "replaced");
        count(parts, counts, Action.CREATED, "added");
        count(parts, counts, Action.DROPPED, "dropped");
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
