package liveloop.engine;

import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import liveloop.loop.TickLoop;

/**
 * One JShell and the class loader its snippets live in: the unit that compaction replaces
 * whole, so that the old loader, its classes and JShell's record of every snippet can be
 * collected together. Engine thread only.
 */
final class Session implements AutoCloseable {
    /** The {@code jshell} tool's default imports, so scripts run the same in both. */
    static final List<String> DEFAULT_IMPORTS = List.of(
            "java.io.*", "java.math.*", "java.net.*", "java.nio.file.*", "java.util.*",
            "java.util.concurrent.*", "java.util.function.*", "java.util.prefs.*",
            "java.util.regex.*", "java.util.stream.*");

    final SnippetLoader loader;
    final LoopExecutionControl control;
    final JShell jshell;
    final SourceCodeAnalysis analysis;
    final Chunk.Completion completion;
    final Outcomes outcomes;
    /** The snippets the session was set up with (imports, bindings), in order: never the user's. */
    final Set<Snippet> setUp = new LinkedHashSet<>();

    private Session(SnippetLoader loader, LoopExecutionControl control, JShell jshell) {
        this.loader = loader;
        this.control = control;
        this.jshell = jshell;
        this.analysis = jshell.sourceCodeAnalysis();
        this.completion = new Chunk.Completion(analysis);
        this.outcomes = new Outcomes(jshell);
    }

    /**
     * A new session whose snippets load in a new loader under {@code parent}, with the default
     * imports and a variable for each binding (its value handed over by {@link SessionBindings}
     * under {@code bindingsKey}). The loop must be running: declaring a variable runs code.
     *
     * @param classesChanged called whenever the session loads or redefines classes
     * @param setUpIds the ids of the set-up snippets, as an earlier session gave them; empty to number them anew
     */
    static Session open(TickLoop loop, ClassLoader parent, Instrumentation instrumentation, Runnable classesChanged,
            SnippetIds ids, String bindingsKey, Map<String, Object> bindings, List<String> setUpIds) {
        SnippetLoader loader = new SnippetLoader(parent);
        LoopExecutionControl control = new LoopExecutionControl(loop, loader, instrumentation, classesChanged);
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        JShell jshell;
        try {
            jshell = JShell.builder()
                    .executionEngine(control.provider(), Map.of())
                    .idGenerator(ids::next)
                    .tempVariableNameGenerator(ids::nextTemporaryName)
                    .build();
        } finally {
            thread.setContextClassLoader(context); // build() replaces it, and it would pin the session
        }
        Session session = new Session(loader, control, jshell);
        try {
            ids.outOfSight(() -> {
                session.setUp(bindingsKey, bindings, ids, setUpIds.iterator());
                return null;
            });
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    private void setUp(String bindingsKey, Map<String, Object> bindings, SnippetIds ids, Iterator<String> setUpIds) {
        // Compile against the host's classes wherever they come from (java.class.path alone
        // misses them under mvn exec:java or a manifest-only class path).
        addToCompilePath(SessionBindings.class);
        bindings.values().forEach(value -> addToCompilePath(value.getClass()));
        for (String pkg : DEFAULT_IMPORTS) {
            declare("import " + pkg + ";", ids, setUpIds);
        }
        bindings.forEach((name, value) -> {
            String type = SessionBindings.publicTypeOf(value.getClass()).getCanonicalName();
            declare(type + " " + name + " = (" + type + ") " + SessionBindings.class.getName()
                    + ".get(\"" + bindingsKey + "\", \"" + name + "\");", ids, setUpIds);
        });
    }

    private void declare(String source, SnippetIds ids, Iterator<String> setUpIds) {
        List<SnippetEvent> events = setUpIds.hasNext()
                ? ids.replaying(List.of(setUpIds.next()), null, () -> jshell.eval(source))
                : jshell.eval(source);
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue;
            }
            if (e.status() != Snippet.Status.VALID || e.exception() != null) {
                throw new IllegalStateException("could not set up the session: " + source + " -> " + e.status()
                        + " " + jshell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList()
                        + (e.exception() == null ? "" : " " + e.exception()));
            }
            setUp.add(e.snippet());
        }
    }

    private void addToCompilePath(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return; // a JDK class: always on the compile path
        }
        try {
            jshell.addToClasspath(Path.of(source.getLocation().toURI()).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot compile against " + type.getName() + " from " + source.getLocation(), e);
        }
    }

    @Override
    public void close() {
        jshell.close();
    }
}
