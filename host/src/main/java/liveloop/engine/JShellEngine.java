package liveloop.engine;

import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.PersistentSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;
import liveloop.loop.TickLoop;
import liveloop.machine.Behaviours;

/**
 * One in-process JShell session whose code runs on the loop thread.
 *
 * <p>Every call into JShell goes through one engine thread (JShell is not thread-safe), so the
 * prompt and the script watcher share one queue; compilation happens there, off the loop.
 * Snippet execution and class installation are handed to the loop and happen between two
 * ticks. The state machine finds states and hooks by name, through {@link #behaviours()}.
 *
 * <pre>{@code
 * JShellEngine engine = JShellEngine.open(loop, getClass().getClassLoader(), LiveloopAgent.instrumentation().orElse(null), Map.of());
 * engine.eval("String green() { return \"green\"; }").join();
 * }</pre>
 */
public final class JShellEngine implements AutoCloseable {
    private static final AtomicInteger SESSIONS = new AtomicInteger();

    private final String bindingsKey = "s" + SESSIONS.incrementAndGet();
    private final TickLoop loop;
    private final ClassLoader parent;
    private final Instrumentation instrumentation; // null: no in-place redefinition
    private final ExecutorService engineThread;
    private final Map<String, Map<String, List<Snippet>>> scripts = new HashMap<>(); // path -> source -> snippets
    private final LiveMethods live = new LiveMethods();
    private final SnippetIds ids = new SnippetIds(sn -> this.session.jshell.status(sn).isActive());
    private final BehaviourHistory history = new BehaviourHistory();
    private Map<String, Object> bindings = Map.of();
    private String origin = "set-up"; // where the change being made comes from; engine thread
    private Session session; // engine thread only; replaced whole by compaction
    private int compactAfter; // classes a session may install before it is compacted; 0: never
    private int compactAt = Integer.MAX_VALUE; // the installed-class count that makes compaction due
    private Consumer<String> notices = line -> {};
    private YoungCollections youngCollections; // engine thread; null: no eden to time

    private JShellEngine(TickLoop loop, ClassLoader parent, Instrumentation instrumentation) {
        this.loop = loop;
        this.parent = parent;
        this.instrumentation = instrumentation;
        this.engineThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "liveloop-engine");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Builds the session and declares the bindings (name to value; each value's class must be
     * public). Blocks until the session is ready; the loop thread must be running, since
     * declaring a binding runs code.
     *
     * @param instrumentation in-place redefinition, or null to always load new classes
     */
    public static JShellEngine open(TickLoop loop, ClassLoader parent, Instrumentation instrumentation,
            Map<String, Object> bindings) {
        JShellEngine engine = new JShellEngine(loop, parent, instrumentation);
        try {
            engine.onEngine(() -> {
                engine.build(bindings);
                return null;
            }).join();
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    /**
     * True if classes are redefined in place (the agent is present), so objects of a redefined
     * class run its new code. Top-level methods change in place either way, through forwarders.
     */
    public boolean redefinesInPlace() {
        return instrumentation != null;
    }

    /** Evaluates one prompt input, which may hold several snippets. */
    public CompletableFuture<Evaluation> eval(String input) {
        return onEngine(() -> change("prompt", () -> new Evaluation(evalAll(input))));
    }

    /** Whether {@code input} is a complete snippet, so a prompt knows to ask for more lines. */
    public CompletableFuture<Boolean> isComplete(String input) {
        return onEngine(() -> {
            SourceCodeAnalysis.Completeness c = session.completion.of(input).completeness();
            return c != SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE
                    && c != SourceCodeAnalysis.Completeness.CONSIDERED_INCOMPLETE;
        });
    }

    /**
     * Completions of {@code input} at {@code cursor}, from JShell's analysis: members, types,
     * and the session's own names.
     *
     * @return the completions; each replaces the text from {@link Completions#anchor()} to the cursor
     */
    public CompletableFuture<Completions> complete(String input, int cursor) {
        return onEngine(() -> {
            int[] anchor = new int[1];
            List<String> texts = session.analysis.completionSuggestions(input, cursor, anchor).stream()
                    .sorted((a, b) -> Boolean.compare(b.matchesType(), a.matchesType())) // type matches first
                    .map(SourceCodeAnalysis.Suggestion::continuation)
                    .distinct()
                    .toList();
            return new Completions(anchor[0], texts);
        });
    }

    /** What completing offers: texts that replace {@code input.substring(anchor, cursor)}. */
    public record Completions(int anchor, List<String> texts) {}

    /**
     * The signatures and documentation of what {@code input} names at {@code cursor}, one entry
     * per overload; empty if it names nothing documented.
     */
    public CompletableFuture<List<String>> documentation(String input, int cursor) {
        return onEngine(() -> session.analysis.documentation(input, cursor, true).stream()
                .map(d -> d.javadoc() == null || d.javadoc().isBlank() ? d.signature() : d.signature() + "\n" + d.javadoc().strip())
                .toList());
    }

    /**
     * Applies a script file as one change: evaluates the snippets whose source changed since the
     * file was last applied, skips the others (a counter declared in the file keeps its value),
     * and drops the declarations the file no longer has. If any snippet fails, the whole save is
     * undone and the file's previous code stays active; statements it ran are not undone.
     *
     * @param path the file's name as the user knows it, used in diagnostics
     */
    public CompletableFuture<ScriptResult> applyScript(String path, String content) {
        return applyScript(path, content, List.of());
    }

    /**
     * Like {@link #applyScript(String, String)}, but a snippet whose source one of the files
     * {@code movedFrom} already declared is taken over as it is, not run again: a renamed
     * file keeps its declarations, and its variables their values.
     */
    public CompletableFuture<ScriptResult> applyScript(String path, String content, Collection<String> movedFrom) {
        return onEngine(() -> change(path, () -> applyNow(path, content, movedFrom)));
    }

    /** Forgets a deleted script file: its declarations are dropped. */
    public CompletableFuture<ScriptResult> removeScript(String path) {
        return onEngine(() -> change(path, () -> {
            ScriptResult result = applyNow(path, "", List.of());
            scripts.remove(path);
            return result;
        }));
    }

    /**
     * {@code result} with what its declarations still miss brought up to date: after loading
     * several files, what one file missed another may have declared.
     */
    public CompletableFuture<ScriptResult> recheck(ScriptResult result) {
        return onEngine(() -> new ScriptResult(result.path(), result.content(), result.applied(),
                resolvedLater(result.results(), scripts.getOrDefault(result.path(), Map.of())), result.nanos()));
    }

    private ScriptResult applyNow(String path, String content, Collection<String> movedFrom) {
        long start = System.nanoTime();
        List<SnippetResult> results = new ArrayList<>();
        Map<String, List<Snippet>> before = scripts.getOrDefault(path, Map.of());
        Map<String, List<Snippet>> after = new LinkedHashMap<>();
        Map<String, String> taken = new HashMap<>(); // source -> the file it was taken from
        Undo undo = new Undo();
        boolean failed = false;
        for (Chunk chunk : Chunk.split(session.completion, content)) {
            List<Snippet> kept = activeIn(before, chunk.source());
            for (Iterator<String> from = movedFrom.iterator(); kept == null && from.hasNext(); ) {
                String other = from.next();
                kept = activeIn(scripts.getOrDefault(other, Map.of()), chunk.source());
                if (kept != null) {
                    taken.put(chunk.source(), other);
                }
            }
            if (kept != null) {
                after.put(chunk.source(), kept);
                kept.forEach(sn -> results.add(session.outcomes.unchanged(sn, chunk.offset())));
            } else if (failed && hasEffects(chunk.source())) {
                results.add(checkWithoutRunning(chunk));
            } else {
                List<SnippetResult> made = evalOne(chunk.source(), chunk.offset(), after, undo);
                results.addAll(made);
                failed |= made.stream().anyMatch(SnippetResult::failed);
            }
        }
        List<SnippetResult> resolved = resolvedLater(results, after);
        if (failed) {
            undo(undo);
            return new ScriptResult(path, content, false, resolved, System.nanoTime() - start);
        }
        for (Map.Entry<String, List<Snippet>> old : before.entrySet()) {
            if (after.containsKey(old.getKey())) {
                continue;
            }
            for (Snippet snippet : old.getValue()) {
                if (session.jshell.status(snippet).isActive() && snippet instanceof PersistentSnippet) {
                    session.jshell.drop(snippet); // not in the file any more
                    resolved.add(session.outcomes.dropped(snippet));
                }
            }
        }
        taken.forEach((source, other) -> {
            Map<String, List<Snippet>> owner = scripts.get(other);
            owner.remove(source);
            if (owner.isEmpty()) {
                scripts.remove(other);
            }
        });
        scripts.put(path, after);
        return new ScriptResult(path, content, true, resolved, System.nanoTime() - start);
    }

    /**
     * A statement or initializer after a failure in the same save: it must not run, but the
     * user should see its errors too, so it is compiled as the body of a method that is
     * dropped at once.
     */
    private SnippetResult checkWithoutRunning(Chunk chunk) {
        String prefix = "void $liveloop$check() { ";
        List<SnippetEvent> events = ids.outOfSight(() -> session.jshell.eval(prefix + chunk.source() + "\n;}"));
        SnippetResult result = session.outcomes.notRun(chunk.source(), chunk.offset(), prefix.length(), events);
        for (SnippetEvent e : events) {
            if (e.causeSnippet() == null && session.jshell.status(e.snippet()).isActive()) {
                session.jshell.drop(e.snippet());
            }
        }
        return result;
    }

    /** The snippets {@code source} made in a file, if they are all still active; else null. */
    private List<Snippet> activeIn(Map<String, List<Snippet>> file, String source) {
        List<Snippet> snippets = file.get(source);
        return snippets != null && snippets.stream().allMatch(sn -> session.jshell.status(sn).isActive()) ? snippets : null;
    }

    /**
     * Whether running {@code source} could do something an undo cannot take back: a statement,
     * an expression or a variable's initializer. Declarations of methods and types only compile.
     */
    private boolean hasEffects(String source) {
        return session.analysis.sourceToSnippets(source).stream()
                .anyMatch(sn -> sn.kind() != Snippet.Kind.METHOD && sn.kind() != Snippet.Kind.TYPE_DECL
                        && sn.kind() != Snippet.Kind.IMPORT);
    }

    /**
     * The session's states and hooks by name, for the state machine on the loop thread. The
     * same object for the engine's life: compaction changes what it resolves in, not it.
     */
    public Behaviours behaviours() {
        return live;
    }

    @Override
    public void close() {
        CompletableFuture<Void> closed = onEngine(() -> {
            if (session != null) {
                session.close();
            }
            return null;
        });
        try {
            closed.join();
        } catch (RuntimeException e) {
            // Closing must not fail the host's shutdown; JShell's close frees what it can.
            System.getLogger(JShellEngine.class.getName()).log(System.Logger.Level.DEBUG, "closing JShell", e);
        }
        engineThread.shutdown();
        SessionBindings.clear(bindingsKey);
    }

    private void build(Map<String, Object> bindings) {
        youngCollections = YoungCollections.forThisJvm();
        this.bindings = Map.copyOf(bindings);
        bindings.forEach((name, value) -> SessionBindings.put(bindingsKey, name, value));
        session = newSession(List.of());
        ids.setupDone();
        live.publish(liveMethods(session));
    }

    private Session newSession(List<String> setUpIds) {
        return Session.open(loop, parent, instrumentation, live::changed, ids, bindingsKey, bindings, setUpIds);
    }

    private List<SnippetResult> evalAll(String input) {
        List<SnippetResult> results = new ArrayList<>();
        for (Chunk chunk : Chunk.split(session.completion, input)) {
            // As in jshell, each snippet of an input stands alone.
            results.addAll(evalOrUndo(chunk.source(), chunk.offset(), r -> r.action() == SnippetResult.Action.REJECTED));
        }
        return results;
    }

    /**
     * Declarations may refer to ones later in the file, or in another file: what was
     * unresolved when a snippet was evaluated may be resolved now.
     */
    private List<SnippetResult> resolvedLater(List<SnippetResult> results, Map<String, List<Snippet>> owned) {
        List<SnippetResult> updated = new ArrayList<>(results.size());
        for (SnippetResult r : results) {
            if (!r.unresolved().isEmpty()) {
                for (Snippet snippet : owned.getOrDefault(r.source(), List.of())) {
                    if (snippet instanceof DeclarationSnippet && Outcomes.name(snippet).equals(r.name())) {
                        r = r.withUnresolved(session.jshell.unresolvedDependencies((DeclarationSnippet) snippet).toList());
                    }
                }
            }
            updated.add(r);
        }
        return updated;
    }

    /**
     * Runs one unit of change so that it lands between two ticks, and publishes the methods
     * live after it, whether it succeeded or was undone. Engine thread.
     */
    private <T> T change(String from, Callable<T> work) throws Exception {
        if (youngCollections != null) {
            youngCollections.beforeCompile(loop);
        }
        origin = from + " at tick " + loop.ticks();
        session.control.beginChange();
        try {
            return work.call();
        } finally {
            try {
                LiveMethods.Live now = liveMethods(session);
                session.control.land(() -> live.publish(now));
            } finally {
                session.control.endChange();
            }
            if (session.loader.installedCount() >= compactAt) {
                compactAt = Integer.MAX_VALUE; // once queued, not again before it has run
                onEngine(() -> {
                    notices.accept(compactNow());
                    return null;
                });
            }
        }
    }

    /**
     * Compacts the session (see {@link Compaction}) whenever it has defined or redefined
     * {@code classes} more classes, saying what happened to {@code notices}; 0 never compacts.
     */
    public void compactAfter(int classes, Consumer<String> notices) {
        if (classes < 0) {
            throw new IllegalArgumentException("compaction needs a class count of 0 (never) or more, was " + classes);
        }
        onEngine(() -> {
            this.compactAfter = classes;
            this.notices = notices;
            scheduleCompaction();
            return null;
        }).join();
    }

    /**
     * Compacts the session now: declares every active declaration again in a fresh JShell, with
     * the variables' live values, and switches to it between two ticks.
     *
     * @return what happened, one line: compacted, or why not (the session then goes on as it was)
     */
    public CompletableFuture<String> compact() {
        return onEngine(this::compactNow);
    }

    private String compactNow() {
        long start = System.nanoTime();
        Session old = session;
        List<Snippet> declarations = Compaction.carried(old);
        List<String> variables = Compaction.variables(old);
        Session fresh = null;
        Map<Snippet, Snippet> replayed;
        try {
            Map<String, Object> values = loop.call(() -> Compaction.values(old, variables));
            fresh = newSession(old.setUp.stream().map(Snippet::id).toList());
            replayed = Compaction.replay(old, fresh, declarations, values, ids);
            Session next = fresh;
            LiveMethods.Live now = liveMethods(next);
            loop.call(() -> {
                Compaction.carryValues(old, next, variables);
                live.publish(now);
                return null;
            });
        } catch (Exception e) {
            if (fresh != null) {
                fresh.close();
            }
            scheduleCompaction();
            return "compaction skipped, the session goes on as it was: "
                    + (e instanceof Compaction.Skipped ? e.getMessage() : e.toString());
        }
        session = fresh;
        carryOwnership(replayed);
        old.close();
        scheduleCompaction();
        return "compacted the session: " + declarations.size() + " snippets carried into a fresh JShell, "
                + old.loader.installedCount() + " class versions released (" + (System.nanoTime() - start) / 1_000_000
                + " ms)";
    }

    /**
     * After compaction each file owns the new snippets of what it owned. A snippet that was not
     * carried (one the prompt replaced since) is let go: holding it would hold the old session.
     */
    private void carryOwnership(Map<Snippet, Snippet> replayed) {
        for (Map<String, List<Snippet>> file : scripts.values()) {
            for (Iterator<List<Snippet>> made = file.values().iterator(); made.hasNext(); ) {
                List<Snippet> snippets = made.next();
                snippets.replaceAll(sn -> replayed.get(sn));
                snippets.removeIf(Objects::isNull);
                if (snippets.isEmpty()) {
                    made.remove();
                }
            }
        }
    }

    private void scheduleCompaction() {
        compactAt = compactAfter == 0 ? Integer.MAX_VALUE : session.loader.installedCount() + compactAfter;
    }

    /** A tick ran the behaviour {@code name} without error. Loop thread; cheap. */
    public void ranCleanly(String name) {
        history.ranCleanly(name);
    }

    /**
     * Rolls the behaviour {@code name} back to its newest other version that ran cleanly,
     * marking the running one rejected for {@code why}.
     *
     * @return the version now running, e.g. {@code version 2 (scripts/a.jsh)}; empty if there is
     *     no such version or it no longer compiles (nothing changed then)
     */
    public CompletableFuture<Optional<String>> rollBack(String name, String why) {
        return onEngine(() -> change("rollback", () -> {
            BehaviourHistory.Entry failing = history.running(name);
            BehaviourHistory.Entry good = failing == null ? null : history.lastGoodBefore(failing);
            if (good == null) {
                return Optional.<String>empty();
            }
            List<SnippetResult> results = ids.outOfSight(() -> evalOrUndo(good.source, 0, SnippetResult::failed));
            if (results.stream().anyMatch(SnippetResult::failed)) {
                return Optional.<String>empty();
            }
            failing.rejected = why;
            return Optional.of(good.describe());
        }));
    }

    /** Every active snippet, in the order they were made; variables with their live values. */
    public CompletableFuture<List<SessionEntry>> entries() {
        return onEngine(() -> session.jshell.snippets()
                .filter(sn -> session.jshell.status(sn).isActive())
                .map(sn -> SessionEntry.of(session.jshell, sn))
                .toList());
    }

    /**
     * Drops the active declarations with this id or name (all overloads of a method), between
     * two ticks.
     *
     * @return what was dropped, as jshell says it ({@code dropped method green()}); empty if nothing matched
     */
    public CompletableFuture<List<String>> drop(String idOrName) {
        return onEngine(() -> change("prompt", () -> {
            List<String> dropped = new ArrayList<>();
            List<Snippet> matches = session.jshell.snippets()
                    .filter(sn -> session.jshell.status(sn).isActive() && sn instanceof PersistentSnippet)
                    .filter(sn -> sn.id().equals(idOrName) || sn instanceof DeclarationSnippet
                            && ((DeclarationSnippet) sn).name().equals(idOrName))
                    .toList();
            for (Snippet snippet : matches) {
                session.jshell.drop(snippet);
                dropped.add("dropped " + Outcomes.kind(snippet).word() + " " + Outcomes.name(snippet));
            }
            return dropped;
        }));
    }

    /**
     * Declares {@code String name() { return String.valueOf(expression); }} without a snippet
     * number of the user's, for a watch the host calls every few ticks.
     *
     * @throws IllegalArgumentException (through the future) with the compiler's message if the
     *     expression does not compile
     */
    public CompletableFuture<Void> declareWatch(String name, String expression) {
        return onEngine(() -> change("prompt", () -> {
            Predicate<SnippetResult> unusable = r -> r.failed() || !r.unresolved().isEmpty();
            List<SnippetResult> results = ids.outOfSight(() -> evalOrUndo(
                    "String " + name + "() { return String.valueOf(" + expression + "); }", 0, unusable));
            if (results.stream().anyMatch(unusable)) {
                String why = results.stream().flatMap(r -> r.diagnostics().stream()).map(SnippetResult.Diagnostic::message)
                        .findFirst().orElse("it uses what is not declared");
                throw new IllegalArgumentException("cannot watch " + expression + ": " + why);
            }
            return null;
        }));
    }

    /** Behaviour versions rejected by a rollback, one line each, with the version running instead. */
    public CompletableFuture<List<String>> rejectedVersions() {
        return onEngine(history::describeRejected);
    }

    /**
     * Evaluates one complete snippet; records what it declared in {@code owned}, and in
     * {@code undo} how to take it back.
     */
    private List<SnippetResult> evalOne(String source, int offset, Map<String, List<Snippet>> owned, Undo undo) {
        List<SnippetEvent> events = session.jshell.eval(source);
        List<Snippet> made = new ArrayList<>();
        for (SnippetEvent e : events) {
            if (e.causeSnippet() == null && e.status() != Snippet.Status.REJECTED) {
                made.add(e.snippet());
                if (e.snippet() instanceof PersistentSnippet) {
                    undo.made.add(e.snippet());
                }
            } else if (e.causeSnippet() != null && e.status() == Snippet.Status.OVERWRITTEN
                    && e.previousStatus().isActive() && !undo.made.contains(e.snippet())) {
                undo.overwritten.add(e.snippet());
            }
        }
        if (owned != null && !made.isEmpty()) {
            owned.put(source, made);
        }
        return session.outcomes.of(source, offset, events);
    }

    /** Evaluates one snippet that is not a script's; if any of its results is {@code unacceptable}, takes it back. */
    private List<SnippetResult> evalOrUndo(String source, int offset, Predicate<SnippetResult> unacceptable) {
        Undo undo = new Undo();
        List<SnippetResult> results = evalOne(source, offset, null, undo);
        if (results.stream().anyMatch(unacceptable)) {
            undo(undo);
        }
        return results;
    }

    /** What one change did to the session, so that it can be taken back. */
    private static final class Undo {
        final List<Snippet> made = new ArrayList<>();        // declarations and imports it made
        final List<Snippet> overwritten = new ArrayList<>(); // active before it, replaced by it
    }

    /**
     * Takes a change back: drops what it declared and declares again what it replaced,
     * variables with the values they had when the change began (their initializers do not run
     * again). JShell deletes the old declaration even when a redeclaration is rejected, so a
     * typo in {@code int t = ...} would otherwise lose {@code t}.
     */
    private void undo(Undo undo) {
        for (int i = undo.made.size() - 1; i >= 0; i--) {
            Snippet snippet = undo.made.get(i);
            if (session.jshell.status(snippet).isActive()) {
                session.jshell.drop(snippet);
            }
        }
        for (Snippet old : undo.overwritten) {
            if (old instanceof VarSnippet) {
                String name = ((VarSnippet) old).name();
                session.control.restoreValues(Collections.singletonMap(name, valueBeforeChange(name)));
            }
            List<SnippetEvent> events = ids.outOfSight(() -> session.jshell.eval(old.source()));
            session.control.restoreValues(Map.of());
            events.stream()
                    .filter(e -> e.causeSnippet() == null && e.status().isActive())
                    .findFirst()
                    .ifPresent(e -> replaceOwned(old, e.snippet()));
        }
    }

    /** A declaration was declared again as a new snippet: the file that owned it owns the new one. */
    private void replaceOwned(Snippet old, Snippet now) {
        for (Map<String, List<Snippet>> file : scripts.values()) {
            for (List<Snippet> snippets : file.values()) {
                snippets.replaceAll(sn -> sn == old ? now : sn);
            }
        }
    }

    private Object valueBeforeChange(String name) {
        try {
            return session.control.variableValueBeforeChange(name);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the live value of " + name, e);
        }
    }

    /**
     * What {@code in} makes live, for {@link LiveMethods}: its zero-argument methods, and the
     * states among them resolved here, on the engine thread. Records each behaviour's version
     * for rollbacks.
     */
    private LiveMethods.Live liveMethods(Session in) {
        Map<String, Snippet> behaviours = new HashMap<>();
        in.jshell.methods()
                .filter(m -> in.jshell.status(m) == Snippet.Status.VALID && m.parameterTypes().isEmpty())
                .forEach(m -> behaviours.put(m.name(), m));
        history.record(behaviours, origin);
        return LiveMethods.resolve(in.loader, behaviours.keySet());
    }

    private <T> CompletableFuture<T> onEngine(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            engineThread.execute(() -> {
                try {
                    result.complete(work.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the engine is closed"));
        }
        return result;
    }
}
