package liveloop.host;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import liveloop.agent.LiveloopAgent;
import liveloop.engine.Evaluation;
import liveloop.engine.JShellEngine;
import liveloop.engine.SessionEntry;
import liveloop.engine.Watchdog;
import liveloop.loop.Clock;
import liveloop.loop.TickLoop;
import liveloop.machine.StateMachine;
import liveloop.script.ScriptFiles;
import liveloop.script.ScriptWatcher;

/**
 * A running liveloop: the tick loop, the state machine, the JShell session, and the watched
 * scripts. The launcher is built on it; so can any Java program that wants its own objects
 * in the session.
 *
 * <pre>{@code
 * try (LiveLoop host = LiveLoop.builder()
 *         .scripts(Path.of("scripts"))
 *         .bind("world", world)
 *         .hz(30)
 *         .build()) {
 *     host.start();
 *     host.eval("world.spawn()").join();
 *     host.stopped().join();
 * }
 * }</pre>
 */
public final class LiveLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LiveLoop.class.getName());

    private final Builder settings;
    private final Output output;
    private final TickLoop loop;
    private final Faults faults;
    private volatile StateMachine machine;
    private SystemStreams streams;
    private volatile Watchdog watchdog;
    private volatile JShellEngine engine;
    private volatile CompletableFuture<Void> starting; // null until start() is called
    private volatile ScriptSet scripts;
    private final Watches watches = new Watches();
    private ScriptWatcher watcher;

    private LiveLoop(Builder settings) {
        this.settings = settings;
        this.output = settings.output;
        this.faults = new Faults(output, new Faults.Actions() {
            @Override
            public void pause() {
                loop.pause();
            }

            @Override
            public void resume() {
                loop.resume();
            }

            @Override
            public CompletableFuture<Optional<String>> rollBack(String name, String why) {
                return engine.rollBack(name, why);
            }

            @Override
            public long codeVersion() {
                JShellEngine e = engine;
                return e == null ? 0 : e.behaviours().version();
            }
        }, settings.faultPolicy, settings.crashLimit, settings.crashWindow);
        this.loop = new TickLoop(settings.clock, settings.hz, this::tick);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the session, loads every script, starts ticking and, unless in release mode,
     * watches the scripts.
     *
     * @throws ScriptLoadException in release mode, if a script has an error; nothing runs
     * @throws IOException if the scripts directory cannot be read
     */
    public void start() throws IOException, ScriptLoadException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        starting = done;
        try {
            startNow();
            done.complete(null);
        } catch (Throwable e) { // rethrown as precisely as startNow() declares
            done.completeExceptionally(e);
            throw e;
        }
    }

    private void startNow() throws IOException, ScriptLoadException {
        if (settings.captureSystemStreams) {
            streams = new SystemStreams(output);
        }
        loop.start();
        watchdog = new Watchdog(loop, settings.tickBudget, settings.evaluationBudget,
                line -> output.line(Output.Kind.ERROR, line));
        watchdog.start();
        Instrumentation instrumentation = settings.release ? null : settings.instrumentation;
        engine = JShellEngine.open(loop, settings.classLoader, instrumentation, settings.bindings);
        engine.compactAfter(settings.compactAfter, line -> output.line(Output.Kind.INFO, line));
        machine = new StateMachine(engine.behaviours(), settings.start, faults);
        if (settings.scripts != null) {
            scripts = new ScriptSet(settings.scripts, settings.maxScriptBytes, engine, output, loop::ticks,
                    this::changeApplied, faults::lastChange);
            if (settings.watch && !settings.release) {
                // Watch before listing, so a save made while loading is not missed.
                watcher = ScriptWatcher.start(settings.scripts, settings.quietPeriod, scripts::changed);
            }
            List<String> failures = scripts.loadAll();
            if (settings.release && !failures.isEmpty()) {
                throw new ScriptLoadException(failures);
            }
        }
        if (settings.maxTicks > 0) {
            loop.stopAfter(settings.maxTicks);
        }
        loop.resume();
    }

    /** Evaluates prompt input; a change lands between two ticks. */
    public CompletableFuture<Evaluation> eval(String input) {
        return started().eval(input).whenComplete((evaluation, error) -> {
            if (evaluation == null || evaluation.results().stream().noneMatch(r -> r.kind().isDeclaration())) {
                return; // a query or a statement: no change to the code
            }
            if (evaluation.failed()) {
                faults.lastChange("prompt error at tick " + loop.ticks());
            } else {
                changeApplied("prompt ok at tick " + loop.ticks());
            }
        });
    }

    /** Completions of {@code input} at {@code cursor}. */
    public CompletableFuture<JShellEngine.Completions> complete(String input, int cursor) {
        return started().complete(input, cursor);
    }

    /** Signatures and documentation of what {@code input} names at {@code cursor}. */
    public CompletableFuture<List<String>> documentation(String input, int cursor) {
        return started().documentation(input, cursor);
    }

    /** Whether {@code input} is complete, or a prompt should read another line. */
    public CompletableFuture<Boolean> isComplete(String input) {
        return started().isComplete(input);
    }

    /** Whether {@link #start()} has returned normally; until then, what needs the session waits for it. */
    public boolean isStarted() {
        CompletableFuture<Void> start = starting;
        return start != null && start.isDone() && !start.isCompletedExceptionally();
    }

    /**
     * The engine, once {@link #start()} has returned; called while another thread is in
     * {@code start()}, waits for it (a prompt may be up before the scripts have loaded).
     */
    private JShellEngine started() {
        CompletableFuture<Void> start = starting;
        if (start == null) {
            throw new IllegalStateException("the host is not started: call start() first");
        }
        try {
            start.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the host did not start: " + e.getCause(), e.getCause());
        }
        return engine;
    }

    /**
     * Stops the user code running on the loop now: an evaluation, a script's statement or a
     * tick throws an error that says {@code why}; the host goes on.
     *
     * @return false if no user code was running
     */
    public boolean stopUserCode(String why) {
        Watchdog w = watchdog;
        return w != null && w.stopNow(why);
    }

    public void pause() {
        loop.pause();
    }

    public void resume() {
        faults.cleared();
        loop.resume();
    }

    /** Pauses and runs {@code n} ticks; completes with the tick count after them. */
    public CompletableFuture<Long> step(long n) {
        faults.cleared();
        return loop.step(n);
    }

    public void setHz(double hz) {
        loop.setHz(hz);
    }

    public HostStatus status() {
        StateMachine m = machine;
        return new HostStatus(m == null ? settings.start : m.state(), loop.status(), faults.lastChange(),
                engine != null && engine.redefinesInPlace());
    }

    /**
     * The text of every script whose code is active, by absolute path: for a file whose last
     * save failed, the content that is still running, not what is on disk.
     */
    public Map<Path, String> activeScripts() {
        ScriptSet set = scripts;
        return set == null ? Map.of() : set.active();
    }

    /**
     * Compacts the session now (see {@link Builder#compactAfter}).
     *
     * @return one line: what was compacted, or why it was not (nothing changed then)
     */
    public CompletableFuture<String> compact() {
        return started().compact();
    }

    /** Every active snippet, for listings; variables with their live values. */
    public CompletableFuture<List<SessionEntry>> entries() {
        return started().entries();
    }

    /**
     * Shows {@code expression}'s value every {@code everyTicks} ticks (see {@link #watches()}):
     * it runs on the loop thread after a tick, like a behaviour.
     *
     * @throws IllegalArgumentException (through the future) if the expression does not compile
     */
    public CompletableFuture<Void> watch(String expression, long everyTicks) {
        if (everyTicks < 1) {
            throw new IllegalArgumentException("watch every N ticks needs N >= 1, was " + everyTicks);
        }
        String method = watches.nextMethodName();
        return started().declareWatch(method, expression).thenRun(() -> watches.add(expression, method, everyTicks));
    }

    /** Stops every watch. */
    public void unwatch() {
        watches.clear();
    }

    /** Each watched expression with its latest value: {@code t = 42}. */
    public List<String> watches() {
        return watches.describe();
    }

    /**
     * The lines of the scripts' {@code String view()}, for drawing under the prompt: what it
     * returned after the last tick (it runs on the loop thread, only while someone reads it),
     * at most {@value Watches#MAX_VIEW_LINES} lines; empty if no script declares it.
     */
    public List<String> view() {
        return watches.view();
    }

    /**
     * Forces a transition to {@code state} between two ticks, as if the current state had
     * returned it: exit and enter hooks run.
     *
     * @throws IllegalArgumentException (through the future) if no state method has that name
     */
    public CompletableFuture<String> goTo(String state) {
        StateMachine.requireName(state);
        JShellEngine e = started();
        return loop.submit(() -> {
            if (e.behaviours().state(state) == null) {
                throw new IllegalArgumentException("no state method String " + state + "() is defined");
            }
            String from = machine.state();
            machine.transition(from, state, loop.ticks());
            return from;
        });
    }

    /**
     * Drops the declarations with this snippet id or name, between two ticks.
     *
     * @return what was dropped, e.g. {@code dropped method green()}; empty if nothing matched
     */
    public CompletableFuture<List<String>> drop(String idOrName) {
        return started().drop(idOrName);
    }

    /**
     * Behaviour versions a rollback rejected, one line each with the version running instead,
     * e.g. {@code green(): running version 2 (scripts/a.jsh at tick 0); rejected version 3 (prompt
     * at tick 120): green() threw ...}.
     */
    public CompletableFuture<List<String>> rejectedVersions() {
        return started().rejectedVersions();
    }

    /** Completes with the final tick count once the loop has stopped (see {@link Builder#maxTicks}). */
    public CompletableFuture<Long> stopped() {
        return loop.stopped();
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        try {
            loop.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (engine != null) {
            engine.close();
        }
        if (watchdog != null) {
            watchdog.close();
        }
        if (streams != null) {
            streams.close();
        }
    }

    private void tick(long tick) {
        try {
            String state = machine.state();
            if (machine.tick(tick)) {
                engine.ranCleanly(state); // a version to roll back to, should a later one fail
            }
        } finally {
            // Even if reporting a fault failed: a cancellation or interrupt meant for this tick
            // must not reach the loop's own waiting.
            watchdog.tickEnded();
        }
        watches.update(tick, engine.behaviours(), watchdog::tickEnded);
        if (streams != null) {
            streams.drain();
        }
    }

    /** A change landed: remember it, and let a machine paused by a fault run the fix. */
    private void changeApplied(String description) {
        faults.lastChange(description);
        if (faults.resumesOnChange()) {
            faults.cleared();
            output.line(Output.Kind.INFO, "resuming after the change");
            loop.resume();
        }
    }

    /** Settings for a {@link LiveLoop}; every outside dependency comes in here. */
    public static final class Builder {
        private Path scripts;
        private boolean watch = true;
        private boolean release;
        private double hz = 60;
        private String start = "start";
        private long maxTicks;
        private final Map<String, Object> bindings = new LinkedHashMap<>();
        private Output output = Output.to(System.out, System.err);
        private boolean captureSystemStreams = true;
        private Clock clock = Clock.system();
        private Instrumentation instrumentation = LiveloopAgent.instrumentation().orElse(null);
        private ClassLoader classLoader = LiveLoop.class.getClassLoader();
        private Duration quietPeriod = Duration.ofMillis(20);
        private int maxScriptBytes = ScriptFiles.DEFAULT_MAX_BYTES;
        private Duration tickBudget = Duration.ofSeconds(1);
        private Duration evaluationBudget = Duration.ofSeconds(10);
        private FaultPolicy faultPolicy = FaultPolicy.PAUSE;
        private int crashLimit = 5;
        private Duration crashWindow = Duration.ofSeconds(10);
        private int compactAfter = 1000;

        private Builder() {}

        /** Loads every {@code *.jsh} under {@code dir} at start, in path order, and watches them. */
        public Builder scripts(Path dir) {
            this.scripts = Objects.requireNonNull(dir);
            return this;
        }

        /** Whether saved scripts are re-applied (default true). */
        public Builder watch(boolean watch) {
            this.watch = watch;
            return this;
        }

        /**
         * Release mode: scripts load once, with no watcher and no in-place redefinition; a
         * script error fails {@link #start()}.
         */
        public Builder release(boolean release) {
            this.release = release;
            return this;
        }

        /** Ticks per second (default 60). */
        public Builder hz(double hz) {
            this.hz = TickLoop.checkRate(hz);
            return this;
        }

        /** The state the machine starts in (default {@code start}). */
        public Builder start(String state) {
            this.start = StateMachine.requireName(state);
            return this;
        }

        /** Stops the loop after this many ticks (default: never). */
        public Builder maxTicks(long ticks) {
            if (ticks < 1) {
                throw new IllegalArgumentException("tick limit must be at least 1, was " + ticks);
            }
            this.maxTicks = ticks;
            return this;
        }

        /**
         * Declares a session variable {@code name} holding {@code value}, typed as the value's
         * nearest public class.
         */
        public Builder bind(String name, Object value) {
            if (name == null || name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))
                    || !name.chars().allMatch(Character::isJavaIdentifierPart)) {
                throw new IllegalArgumentException("a binding name must be a Java identifier, was \"" + name + "\"");
            }
            bindings.put(name, Objects.requireNonNull(value, "a bound value must not be null"));
            return this;
        }

        /** Where user output and host messages go (default: standard out and error). */
        public Builder output(Output output) {
            this.output = Objects.requireNonNull(output);
            return this;
        }

        /** Whether to route {@code System.out}/{@code err} to the output while running (default true). */
        public Builder captureSystemStreams(boolean capture) {
            this.captureSystemStreams = capture;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** In-place redefinition (default: the liveloop agent's, if present); null for none. */
        public Builder instrumentation(Instrumentation instrumentation) {
            this.instrumentation = instrumentation;
            return this;
        }

        /** The parent of the snippet class loader: snippets see the classes it sees. */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader);
            return this;
        }

        /**
         * How long a file must stay unchanged before a save is applied (default 20 ms: an
         * editor's save, even a rename-style one, is a burst of writes well within that; every
         * saved change waits this long before it runs).
         */
        public Builder quietPeriod(Duration quiet) {
            this.quietPeriod = Objects.requireNonNull(quiet);
            return this;
        }

        /**
         * The largest script file that is read (default {@link ScriptFiles#DEFAULT_MAX_BYTES},
         * 1 MiB: far beyond any script written by hand, small enough that a log or a binary
         * saved with a {@code .jsh} name by mistake is refused before javac chews on it).
         */
        public Builder maxScriptBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("script size limit must be at least 1 byte, was " + bytes);
            }
            this.maxScriptBytes = bytes;
            return this;
        }

        /**
         * How long one tick may run before it is stopped (default 1 s: at 60 Hz that is 60
         * missed ticks, far past any tick that is merely slow, yet long enough for a first tick
         * that loads classes).
         */
        public Builder tickBudget(Duration budget) {
            this.tickBudget = positive(budget, "tick budget");
            return this;
        }

        /**
         * How long one evaluation (a prompt input, a script statement) may run on the loop
         * before it is stopped (default 10 s: a prompt may do real work, but not hang the host).
         */
        public Builder evaluationBudget(Duration budget) {
            this.evaluationBudget = positive(budget, "evaluation budget");
            return this;
        }

        /** What a behaviour that throws during a tick leads to (default {@link FaultPolicy#PAUSE}). */
        public Builder faultPolicy(FaultPolicy policy) {
            this.faultPolicy = Objects.requireNonNull(policy);
            return this;
        }

        /**
         * When failures make a crash loop (default 5 within 10 s): the machine is quarantined,
         * paused until the user resumes it, rather than resumed or rolled back again.
         */
        public Builder crashLoop(int faults, Duration within) {
            if (faults < 1) {
                throw new IllegalArgumentException("a crash loop is at least 1 fault, was " + faults);
            }
            this.crashLimit = faults;
            this.crashWindow = positive(within, "crash loop window");
            return this;
        }

        /**
         * Compacts the session each time it has loaded this many classes (default 1000, about
         * as many redefinitions: some 8 MB of heap and metaspace); 0 never compacts. Compaction
         * declares the active code again in a fresh JShell and lets the old one be collected,
         * so a long session's memory and evaluation time stay bounded.
         */
        public Builder compactAfter(int classes) {
            if (classes < 0) {
                throw new IllegalArgumentException("compaction needs a class count of 0 (never) or more, was " + classes);
            }
            this.compactAfter = classes;
            return this;
        }

        private static Duration positive(Duration budget, String what) {
            if (budget.isNegative() || budget.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + budget);
            }
            return budget;
        }

        public LiveLoop build() {
            if (scripts != null && !Files.isDirectory(scripts)) {
                throw new IllegalArgumentException("scripts directory not found: " + scripts);
            }
            return new LiveLoop(this);
        }
    }
}
