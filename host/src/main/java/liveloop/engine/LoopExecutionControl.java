package liveloop.engine;

import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import liveloop.loop.TickLoop;

/**
 * Runs snippets in this JVM, on the loop thread, between two ticks: JShell calls this from the
 * engine thread and each call is handed to the loop. Redefinition happens in place, so code
 * that holds an old reference (a lambda, an object) runs the new body: a top-level method's
 * through its forwarders ({@link ForwarderClasses}), anything else's through
 * {@link Instrumentation}. When that is refused (a changed class shape) or there is no agent,
 * JShell falls back to loading a new class and the host re-resolves by name.
 *
 * <p>Built on {@link DirectExecutionControl} rather than JShell's {@code LocalExecutionControl},
 * which replaces the process-wide uncaught-exception handler (JDK 17) or weaves its own stop
 * checks into snippets (JDK 25).
 */
final class LoopExecutionControl extends DirectExecutionControl {
    private final TickLoop loop;
    private final SnippetLoader loader;
    private final Instrumentation instrumentation; // null: no in-place redefinition
    private final Runnable classesChanged;
    // Engine thread only.
    private boolean changing;
    private boolean holding;
    private int loadedBeforeChange; // wrapper classes loaded when the change began
    private final Map<String, Object> valuesBeforeChange = new HashMap<>(); // variables the change re-initialised
    private Map<String, Object> restoring = Map.of();
    private boolean replaying; // compaction: no user code runs, variables take the values given
    private final List<SnippetLoader.Installation> pendingForwards = new ArrayList<>(); // see beginChange()

    LoopExecutionControl(TickLoop loop, SnippetLoader loader, Instrumentation instrumentation, Runnable classesChanged) {
        super(loader);
        this.loop = loop;
        this.loader = loader;
        this.instrumentation = instrumentation;
        this.classesChanged = classesChanged;
    }

    /**
     * Starts a change: from its first step on the loop thread until {@link #endChange()}, no
     * tick runs, so a tick sees all of the change or none of it. A new body for a forwarder
     * class is no such step: it is defined at once, and its forwarders re-pointed with the
     * change's next step or by {@link #land}. So a change of method bodies holds no tick while JShell
     * finishes its work after installing them (about 2.5 ms a change).
     */
    void beginChange() {
        changing = true;
        loadedBeforeChange = loader.loadedCount();
        valuesBeforeChange.clear();
    }

    /**
     * Ends a change's work on the loop: re-points the forwarders of new bodies that no later
     * step has yet, and runs {@code publish} (what the change made live), in one task, so that
     * a tick sees both or neither. The task takes microseconds and needs no hold: a hold would
     * first wait out a tick due soon, and the change would miss that tick for nothing. With no
     * bodies waiting, {@code publish} runs here, under the change's hold if it took one.
     */
    void land(Runnable publish) throws Exception {
        if (pendingForwards.isEmpty()) {
            publish.run();
            return;
        }
        loop.call(() -> {
            forwardPending();
            publish.run();
            return null;
        });
    }

    private void forwardPending() throws Exception {
        List<SnippetLoader.Installation> due = List.copyOf(pendingForwards);
        pendingForwards.clear();
        for (SnippetLoader.Installation forwarding : due) {
            forwarding.run();
        }
    }

    void endChange() {
        changing = false;
        restoring = Map.of();
        if (holding) {
            holding = false;
            loop.release();
        }
    }

    /**
     * While re-declaring variables that a rejected snippet removed, sets them to these live
     * values instead of running their initializers again.
     */
    void restoreValues(Map<String, Object> values) {
        restoring = new HashMap<>(values); // values may be null
    }

    /**
     * While compaction declares a session's snippets again: nothing runs, not a statement nor
     * an initializer; variables are set to {@code values} instead, until {@link #endReplay()}.
     */
    void replay(Map<String, Object> values) {
        restoreValues(values);
        replaying = true;
    }

    void endReplay() {
        restoreValues(Map.of());
        replaying = false;
    }

    /**
     * The value a top-level variable had when the current change began: its newest version
     * from before the change (no tick has run since the change's first step). Part of the change.
     */
    Object variableValueBeforeChange(String name) throws Exception {
        if (valuesBeforeChange.containsKey(name)) {
            return valuesBeforeChange.get(name);
        }
        return onLoop(() -> {
            Field field = loader.findVariable(name, loadedBeforeChange);
            return field == null ? null : field.get(null);
        });
    }

    /** The provider JShell asks for its engine; it hands over this very instance. */
    ExecutionControlProvider provider() {
        ExecutionControl self = this;
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "liveloop";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return self;
            }
        };
    }

    @Override
    public void load(ClassBytecodes[] cbcs)
            throws ClassInstallException, NotImplementedException, EngineTerminationException {
        install(cbcs, () -> super.load(cbcs));
    }

    /**
     * Redefines in place: a forwarder class (a top-level method; see {@link ForwarderClasses}) by
     * pointing it at a new body, without the JVM; anything else through {@link Instrumentation}.
     * All or nothing: the new bodies are defined first, and only then does anything change.
     */
    @Override
    public void redefine(ClassBytecodes[] cbcs)
            throws ClassInstallException, NotImplementedException, EngineTerminationException {
        List<ClassBytecodes> forwarded = new ArrayList<>();
        List<ClassBytecodes> byTheJvm = new ArrayList<>();
        for (ClassBytecodes cbc : cbcs) {
            (loader.forwards(cbc.name()) ? forwarded : byTheJvm).add(cbc);
        }
        if (!byTheJvm.isEmpty() && instrumentation == null) {
            throw new NotImplementedException("in-place redefinition needs the liveloop agent");
        }
        if (byTheJvm.isEmpty() && changing) {
            pendingForwards.add(loader.newVersions(forwarded)); // see beginChange()
            return;
        }
        install(cbcs, () -> {
            SnippetLoader.Installation forwarding = loader.newVersions(forwarded);
            if (!byTheJvm.isEmpty()) {
                redefineByTheJvm(byTheJvm.toArray(ClassBytecodes[]::new));
            }
            forwarding.run();
        });
    }

    private void redefineByTheJvm(ClassBytecodes[] cbcs) throws Exception {
        ClassDefinition[] definitions = new ClassDefinition[cbcs.length];
        for (int i = 0; i < cbcs.length; i++) {
            definitions[i] = new ClassDefinition(loader.findClass(cbcs[i].name()), SnippetLoader.prepared(cbcs[i]));
        }
        try {
            instrumentation.redefineClasses(definitions);
        } catch (UnsupportedOperationException | LinkageError e) {
            // The JVM refuses a changed class shape (a method or field added or removed);
            // all or nothing, so nothing was installed and JShell loads a new class.
            throw new ClassInstallException("redefinition refused: " + e.getMessage(), new boolean[cbcs.length]);
        }
        loader.classesRedefined(cbcs);
    }

    /**
     * Hands JShell an evaluation's exception without the forwarders' frames, before it maps
     * the frames to snippets and lines.
     */
    @Override
    protected String throwConvertedInvocationException(Throwable cause) throws RunException, InternalException {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>()); // a cause chain may loop
        for (Throwable t = cause; t != null && seen.add(t); t = t.getCause()) {
            t.setStackTrace(Forwarders.withoutForwarders(t.getStackTrace()));
        }
        return super.throwConvertedInvocationException(cause);
    }

    /** Installs classes on the loop thread; afterwards the host re-resolves what it calls. */
    private void install(ClassBytecodes[] cbcs, SnippetLoader.Installation installation)
            throws ClassInstallException, NotImplementedException, EngineTerminationException {
        try {
            onLoop(() -> {
                installation.run();
                return null;
            });
        } catch (ClassInstallException | NotImplementedException | EngineTerminationException e) {
            throw e;
        } catch (Exception e) {
            throw new ClassInstallException(e.toString(), new boolean[cbcs.length]);
        } finally {
            classesChanged.run();
        }
    }

    @Override
    public String invoke(String className, String methodName)
            throws RunException, InternalException, EngineTerminationException {
        try {
            return onLoop(() -> {
                String restored = restore(className);
                if (changing && restored == null) {
                    rememberValues(findClass(className));
                }
                if (replaying) {
                    return restored != null ? restored : "";
                }
                try {
                    return restored != null ? restored : super.invoke(className, methodName);
                } finally {
                    UserCodeGuard.clear(Thread.currentThread()); // a cancellation ends with its work
                }
            });
        } catch (RunException | InternalException | EngineTerminationException e) {
            throw e;
        } catch (Exception e) {
            throw new InternalException(e.toString());
        }
    }

    @Override
    public String varValue(String className, String varName)
            throws RunException, EngineTerminationException, InternalException {
        try {
            return onLoop(() -> {
                try {
                    return super.varValue(className, varName); // runs the value's toString()
                } finally {
                    UserCodeGuard.clear(Thread.currentThread());
                }
            });
        } catch (RunException | InternalException | EngineTerminationException e) {
            throw e;
        } catch (Exception e) {
            throw new InternalException(e.toString());
        }
    }

    /**
     * Before a change runs a variable's initializer, remembers the variable's value, so that
     * undoing the change can put it back. JShell may redefine the variable's class in place,
     * and then the initializer overwrites the only copy.
     */
    private void rememberValues(Class<?> wrapper) throws IllegalAccessException {
        boolean loadedByThisChange = loader.loadOrder(wrapper) >= loadedBeforeChange;
        for (Field field : wrapper.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || valuesBeforeChange.containsKey(field.getName())) {
                continue;
            }
            Field live = loadedByThisChange ? loader.findVariable(field.getName(), loadedBeforeChange) : field;
            if (live != null) {
                live.setAccessible(true);
                valuesBeforeChange.put(field.getName(), live.get(null));
            }
        }
    }

    private String restore(String className) throws ClassNotFoundException, IllegalAccessException {
        if (restoring.isEmpty()) {
            return null;
        }
        for (Field field : findClass(className).getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && restoring.containsKey(field.getName())) {
                Object value = restoring.get(field.getName());
                field.setAccessible(true);
                field.set(null, value);
                return valueString(value);
            }
        }
        return null;
    }

    private <T> T onLoop(Callable<T> work) throws Exception {
        if (changing && !holding) {
            loop.hold();
            holding = true;
        }
        try {
            return loop.call(() -> {
                forwardPending();
                return work.call();
            });
        } catch (IllegalStateException stopped) {
            throw new EngineTerminationException("the loop has stopped: " + stopped.getMessage());
        }
    }
}
