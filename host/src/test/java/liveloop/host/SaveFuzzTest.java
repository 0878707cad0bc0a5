package liveloop.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liveloop.Await;
import liveloop.Editors;
import liveloop.Editors.Editor;
import liveloop.Editors.Saved;
import liveloop.LoggedRecords;
import liveloop.engine.SnippetResult;
import liveloop.loop.TickLoop;
import liveloop.script.ScriptWatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saves are never lost and never half-applied, whatever editors do: random sequences of saves
 * of three scripts, by the editors in {@link Editors}, with gaps below and around the quiet
 * period, writes that stop halfway for a while, bursts, broken versions, identical re-saves and
 * deletions. After each sequence the host must settle on what the files hold, have applied no
 * content that was not a complete save (or a partial one that stood on disk long enough to be
 * taken for one), have run each version it applied exactly once, and keep ticking.
 *
 * <p>Each version of a script {@code a} declares {@code a_version()} returning {@code "a#17"}
 * and ends with the statement {@code log.add("a#17");}: an applied version appends itself to
 * {@code log} once, a prefix of the text never does, and a broken version must not (see
 * {@link FuzzedScript}).
 *
 * <pre>
 * mvn -B -pl host test -Dtest=SaveFuzzTest -Dliveloop.fuzz.sequences=10000 -Dliveloop.fuzz.seed=42
 * </pre>
 *
 * The seed repeats a run's choices, not its timing: the host's threads race the editors. Every
 * 250 sequences ({@code -Dliveloop.fuzz.sequencesPerHost}) the host is replaced by a fresh one.
 * {@code -Dliveloop.fuzz.verbose=true} prints every sequence as it is described on failure.
 */
class SaveFuzzTest {
    // The host's default: the gaps the editors leave are drawn around it.
    private static final Duration QUIET = Duration.ofMillis(20);
    // Generous: on two busy cores one save can take a second to compile. A save is known lost as
    // soon as the barrier has been applied; the deadline only bounds a host that hangs.
    private static final Duration SETTLE = Duration.ofSeconds(10);
    // About a second each on the two-core development machine: JShell compiles each save.
    private static final int DEFAULT_SEQUENCES = 60;
    /**
     * A host's saves slow down as its session grows: every save loads new classes, and each
     * redefinition walks all loaded classes (until the engine compacts its session). The fuzz is
     * about saves, not session length, so a long run starts a fresh host now and then.
     */
    private static final int SEQUENCES_PER_HOST = 250;
    /** Stop early: once the host is broken, every later sequence would wait out its deadline. */
    private static final int MAX_FAILING_SEQUENCES = 10;
    /** A long run says how it is going, so a failure need not wait for the end to be seen. */
    private static final int PROGRESS_EVERY = 500;
    private static final List<String> NAMES = List.of("a", "b", "c");
    private static final String BARRIER = "zz_barrier.jsh";
    private static final Pattern BARRIER_NUMBER = Pattern.compile("barrier (\\d+)");
    /** The errors a broken, partial or vanishing save may cause; any other error is a crash. */
    private static final Pattern SCRIPT_ERROR = Pattern.compile(
            "(.*?\\.jsh)(:\\d+:\\d+: error: .*| not applied at tick \\d+: .*|: error: the file is empty; .*"
                    + "|: error: cannot read: .*)", Pattern.DOTALL);

    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Queue<Line> lines = new ConcurrentLinkedQueue<>(); // this sequence's, for its description
    private final Queue<Report> reports = new ConcurrentLinkedQueue<>();
    private final Queue<Throwable> uncaught = new ConcurrentLinkedQueue<>();
    private final Queue<String> wrongLines = new ConcurrentLinkedQueue<>(); // output naming a non-script
    private final Queue<String> unexpectedLines = new ConcurrentLinkedQueue<>(); // errors the saves do not explain
    private final AtomicInteger emptyReads = new AtomicInteger();
    private final AtomicInteger unreadable = new AtomicInteger();
    private final AtomicInteger barrierDone = new AtomicInteger();
    private final AtomicReference<LiveLoop> running = new AtomicReference<>();
    private final Map<String, FuzzedScript> scripts = new LinkedHashMap<>();
    private final Counts counts = new Counts();
    private final List<String> failures = new ArrayList<>();
    private final Set<String> lostSeen = new HashSet<>(); // a save lost is counted once
    private int logChecked;
    private Random random;
    private int barrier;

    private record Line(long nanos, Output.Kind kind, String text) {}

    /** What the host said it applied: a script's text, or null for a deletion. */
    private record Report(String name, String content, Map<Path, String> active, String line) {}

    private static final class Counts {
        int saves;
        int lost;
        int wrong;
        int crashes;
        int partialsApplied;
        int transientDeletions;
    }

    @Test
    void savesAreNeverLostNorHalfApplied() throws Exception {
        long seed = Long.getLong("liveloop.fuzz.seed", new Random().nextLong());
        int sequences = Integer.getInteger("liveloop.fuzz.sequences", DEFAULT_SEQUENCES);
        System.out.println("save fuzz starting: seed " + seed + ", " + sequences
                + " sequences (repeat with -Dliveloop.fuzz.seed=" + seed + ")");
        random = new Random(seed);
        for (int i = 0; i < NAMES.size(); i++) {
            String name = NAMES.get(i);
            scripts.put(name, new FuzzedScript(name, NAMES.get((i + 1) % NAMES.size()), dir.resolve(name + ".jsh"), QUIET));
        }
        Thread.UncaughtExceptionHandler previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
        long start = System.nanoTime();
        int run = 0;
        int sequencesPerHost = Integer.getInteger("liveloop.fuzz.sequencesPerHost", SEQUENCES_PER_HOST);
        LiveLoop host = null;
        try (LoggedRecords watcherLog = new LoggedRecords(ScriptWatcher.class);
                LoggedRecords loopLog = new LoggedRecords(TickLoop.class)) {
            host = startHost();
            long ticks = host.status().loop().ticks();
            while (run < sequences && failures.size() < MAX_FAILING_SEQUENCES) {
                if (run > 0 && run % sequencesPerHost == 0) {
                    host.close();
                    host = startHost();
                    ticks = host.status().loop().ticks();
                }
                run++;
                List<String> steps = new ArrayList<>();
                int before = counts.lost + counts.wrong + counts.crashes;
                long origin = System.nanoTime();
                try {
                    edit(steps, origin);
                    check(host, steps, origin);
                } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
                    counts.crashes++;
                    steps.add("the sequence failed: " + e);
                }
                for (Line line; (line = lines.poll()) != null; ) {
                    steps.add(String.format("%+5d ms host %s %s", (line.nanos() - origin) / 1_000_000, line.kind(),
                            line.text().replace(dir + File.separator, "")));
                }
                long now = host.status().loop().ticks();
                if (now <= ticks || host.status().loop().paused() || !"start".equals(host.status().state())) {
                    counts.crashes++;
                    steps.add("the loop is not ticking: tick " + now + " after " + ticks + ", " + host.status().describe());
                }
                ticks = now;
                counts.wrong += drain(wrongLines, steps, "WRONG: the host named a file that is not a script");
                counts.crashes += drain(unexpectedLines, steps, "unexpected output");
                counts.crashes += drain(uncaught, steps, "uncaught exception");
                counts.crashes += drain(watcherLog.records(), steps, "watcher logged");
                counts.crashes += drain(loopLog.records(), steps, "loop logged");
                if (Boolean.getBoolean("liveloop.fuzz.verbose")) {
                    System.out.println("sequence " + run + ":\n    " + String.join("\n    ", steps));
                }
                if (counts.lost + counts.wrong + counts.crashes > before) {
                    failures.add("sequence " + run + ":\n    " + String.join("\n    ", steps));
                    // Now, not only at the end: a long run's failure can be read while it goes on.
                    System.out.println("save fuzz failure: " + failures.get(failures.size() - 1));
                }
                if (run % PROGRESS_EVERY == 0) {
                    System.out.printf("save fuzz progress: %d of %d sequences, %.0f s: saves %d, lost %d, wrong %d,"
                            + " crashes %d%n", run, sequences, (System.nanoTime() - start) / 1e9, counts.saves,
                            counts.lost, counts.wrong, counts.crashes);
                }
            }
        } catch (Exception | AssertionError e) {
            throw new AssertionError("save fuzz: seed " + seed + ", sequence " + run + ": " + e, e);
        } finally {
            if (host != null) {
                host.close();
            }
            Thread.setDefaultUncaughtExceptionHandler(previousHandler);
        }
        System.out.printf("save fuzz details: %.1f s; partial texts applied after standing a quiet period (or racing"
                        + " an earlier save's delivery) %d, saves seen as a deletion for a moment %d, empty-file reads %d,"
                        + " unreadable reads %d%n", (System.nanoTime() - start) / 1e9, counts.partialsApplied,
                counts.transientDeletions, emptyReads.get(), unreadable.get());
        String summary = String.format("save fuzz: seed %d, sequences %d, saves %d, lost saves %d,"
                + " wrong-content applications %d, crashes %d", seed, run, counts.saves, counts.lost, counts.wrong,
                counts.crashes);
        System.out.println(summary);
        assertThat(failures).as(() -> summary + "\nrepeat with -Dliveloop.fuzz.seed=" + seed + "; first failing "
                + failures.get(0)).isEmpty();
    }

    /** A host on fresh versions of the scripts; the first, or one that replaces a closed host. */
    private LiveLoop startHost() throws Exception {
        for (FuzzedScript script : scripts.values()) {
            save(script, Editors.PLAIN, script.newVersion(random, true));
            script.settled();
        }
        counts.saves -= scripts.size(); // written before the host watches: not saves under test
        Files.writeString(dir.resolve(BARRIER), barrierText(barrier));
        barrierDone.set(barrier);
        Files.writeString(dir.resolve("machine.jsh"), "long ticked = 0;\nString start() { ticked++; return \"start\"; }\n");
        LiveLoop host = LiveLoop.builder().scripts(dir).quietPeriod(QUIET).hz(100).bind("log", log)
                .captureSystemStreams(false).output(this::output).build();
        running.set(host);
        host.start();
        for (FuzzedScript script : scripts.values()) {
            assertThat(host.activeScripts()).as("loaded").containsEntry(script.path, script.onDisk);
            script.applied = script.onDisk;
            script.appliedVersion = script.versionOf(script.onDisk);
            script.settled();
        }
        logChecked = log.size();
        return host;
    }

    // -- Editing ------------------------------------------------------------------------------

    /** One random sequence of saves; {@code steps} describes it, for a failure message. */
    private void edit(List<String> steps, long origin) throws IOException, InterruptedException {
        int count = 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            FuzzedScript script = scripts.get(NAMES.get(random.nextInt(NAMES.size())));
            String at = String.format("+%3d ms %s: ", (System.nanoTime() - origin) / 1_000_000, script.name);
            int roll = random.nextInt(100);
            if (script.onDisk != null && roll < 6) {
                script.touched(System.nanoTime());
                Files.delete(script.path);
                script.onDisk = null;
                script.deleted = true;
                steps.add(at + "deleted");
            } else if (script.onDisk != null && roll < 18) {
                steps.add(at + save(script, editor(script.onDisk), script.onDisk) + " the same text again");
            } else if (roll < 30) {
                int burst = 2 + random.nextInt(3);
                for (int j = 0; j < burst; j++) {
                    String text = script.newVersion(random, true);
                    Editor editor = Editors.ONE_GO.get(random.nextInt(Editors.ONE_GO.size()));
                    steps.add(at + save(script, editor, text) + " " + script.label(text) + " (burst)");
                    TimeUnit.MILLISECONDS.sleep(random.nextInt(4));
                }
            } else {
                String text = script.newVersion(random, script.onDisk == null || roll >= 45);
                steps.add(at + save(script, editor(text), text) + " " + script.label(text));
            }
            TimeUnit.MICROSECONDS.sleep(gapMicros());
        }
    }

    /** A gap between two steps: a burst, well below, around, or well above the quiet period. */
    private long gapMicros() {
        long quiet = QUIET.toNanos() / 1000;
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> random.nextInt(3000);
            case 3, 4, 5 -> random.nextLong(quiet / 2);
            case 6, 7, 8 -> quiet * 7 / 10 + random.nextLong(quiet * 7 / 10);
            default -> quiet * 3 / 2 + random.nextLong(quiet * 3 / 2);
        };
    }

    /** A random editor; a third of the saves stop after a prefix, for less or about a quiet period. */
    private Editor editor(String text) {
        if (random.nextInt(3) > 0) {
            return Editors.ONE_GO.get(random.nextInt(Editors.ONE_GO.size()));
        }
        int written = random.nextInt(FuzzedScript.longestSilentPrefix(text) + 1);
        long quiet = QUIET.toNanos() / 1000;
        long gap = random.nextBoolean() ? random.nextLong(quiet / 2) : quiet * 8 / 10 + random.nextLong(quiet * 7 / 10);
        return Editors.truncateThenWrite(written, Duration.ofNanos(gap * 1000));
    }

    private String save(FuzzedScript script, Editor editor, String text) throws IOException, InterruptedException {
        boolean existed = script.onDisk != null;
        Saved saved = editor.save(script.path, text);
        script.touched(saved.startNanos());
        script.onDisk = text;
        counts.saves++;
        String how = editor.toString();
        if (saved.partial() != null) {
            boolean isProtected = script.protectedUntil(saved.startNanos() + saved.partialNanos());
            script.partials.computeIfAbsent(saved.partial(), p -> new ArrayList<>()).add(isProtected);
            how += String.format(" (partial for %.1f ms%s)", saved.partialNanos() / 1e6, isProtected ? ", protected" : "");
        }
        if (existed && (editor == Editors.JETBRAINS || editor == Editors.VIM || editor == Editors.EMACS)) {
            script.vanished.add(script.protectedUntil(saved.endNanos()));
        }
        return how;
    }

    // -- Checking -----------------------------------------------------------------------------

    /**
     * Waits until the host has taken in every event of the sequence, then checks what it applied,
     * what it runs, and what the scripts logged.
     */
    private void check(LiveLoop host, List<String> steps, long origin) throws Exception {
        int b = ++barrier;
        steps.add(String.format("%+5d ms barrier %d", (System.nanoTime() - origin) / 1_000_000, b));
        // Watch events come in order and deliveries leave in order, one at a time: once the
        // barrier, saved after the sequence, is reported applied, so is every save before it. (A
        // barrier that failed would not do: each deletion retries every script not running, in
        // case it was renamed, so the barrier would be reported before the deletion.) What the
        // host does after it, retrying scripts that wait for a name, shows in the next sequence.
        // A save is reported as soon as its writer closes the file, ahead of deliveries that wait
        // for their quiet period (a deletion's, a half-written file's). So the barrier's writer
        // holds it open until it is applied: it waits for its quiet period and then for as long
        // as a writer mid-write is waited for, behind theirs.
        boolean settled;
        try (FileChannel barrierWriter = FileChannel.open(dir.resolve(BARRIER), StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            barrierWriter.write(ByteBuffer.wrap(barrierText(b).getBytes(StandardCharsets.UTF_8)));
            settled = awaitQuietly(() -> barrierDone.get() >= b && settledOnDisk(host.activeScripts()));
        }
        Map<Path, String> active = host.activeScripts();
        for (Report r; (r = reports.poll()) != null; ) {
            steps.add("        host: " + r.line().replace(dir + File.separator, ""));
            applied(r, steps);
        }
        if (barrierDone.get() < b) {
            counts.lost++;
            steps.add("LOST: the barrier was not applied within " + SETTLE.toSeconds() + " s");
        } else if (!settled) {
            steps.add("not settled within " + SETTLE.toSeconds() + " s");
        }
        for (FuzzedScript script : scripts.values()) {
            String expected = script.onDisk == null ? null : script.isValid(script.onDisk) ? script.onDisk
                    : script.applied; // a broken last version: the one before it keeps running
            String actual = active.get(script.path);
            if (!Objects.equals(expected, actual)) {
                counts.lost += lostSeen.add(script.name + " " + expected) ? 1 : 0;
                steps.add(String.format("LOST: %s should run %s but runs %s", script.name, script.label(expected),
                        script.label(actual)));
            } else if (!Objects.equals(actual, script.applied)) {
                counts.wrong++;
                steps.add("WRONG: " + script.name + " runs " + script.label(actual) + ", yet the host last reported "
                        + script.label(script.applied));
            }
        }
        for (Path path : active.keySet()) {
            if (!isScript(path)) {
                counts.wrong++;
                steps.add("WRONG: the host runs " + path);
            }
        }
        checkLog(steps);
        checkBehaviour(host, active, steps);
        if (settled) {
            scripts.values().forEach(FuzzedScript::settled);
        }
    }

    private static String barrierText(int b) {
        return "String barrier() { return \"barrier " + b + "\"; }\n";
    }

    private boolean settledOnDisk(Map<Path, String> active) {
        for (FuzzedScript script : scripts.values()) {
            String now = active.get(script.path);
            if (script.onDisk == null ? now != null : script.isValid(script.onDisk) && !script.onDisk.equals(now)) {
                return false;
            }
        }
        return true;
    }

    /** Checks one report of the host against what was written; keeps what the host runs. */
    private void applied(Report r, List<String> steps) {
        for (Path path : r.active().keySet()) {
            if (!isScript(path)) {
                counts.wrong++;
                steps.add("WRONG: while reporting, the host ran " + path);
            }
        }
        FuzzedScript script = scripts.get(r.name());
        if (script == null) {
            counts.wrong++;
            steps.add("WRONG: the host applied a file the test never saved as a script: " + r.line());
            return;
        }
        if (r.content() == null) {
            if (!script.deleted) {
                if (script.vanished.isEmpty() || !script.vanished.contains(false)) {
                    counts.wrong++;
                    steps.add("WRONG: " + script.name + " dropped as deleted, though it was never gone longer than"
                            + " the quiet period");
                } else {
                    counts.transientDeletions++;
                }
            }
            script.applied = null;
            script.displaced = true;
            return;
        }
        Integer version = script.versionOf(r.content());
        if (version != null) {
            if (version < script.appliedVersion || version == script.appliedVersion && !script.displaced) {
                counts.wrong++;
                steps.add("WRONG: " + script.name + "#" + version + " applied after " + script.name + "#"
                        + script.appliedVersion);
            }
            script.appliedVersion = version;
            script.displaced = false;
            script.expectedLog.add(script.name + "#" + version);
        } else if (script.partials.containsKey(r.content())) {
            if (script.partials.get(r.content()).contains(false)) {
                counts.partialsApplied++;
            } else {
                counts.wrong++;
                steps.add("WRONG: " + script.name + " applied a prefix that was on disk for less than the quiet"
                        + " period, with no earlier event pending: " + FuzzedScript.quote(r.content()));
            }
            script.displaced = true;
        } else {
            counts.wrong++;
            steps.add("WRONG: " + script.name + " applied text never saved whole and valid: "
                    + FuzzedScript.quote(r.content()));
        }
        script.applied = r.content();
    }

    /** Each version the host applied ran its {@code log.add} once, in order; no other did. */
    private void checkLog(List<String> steps) {
        List<String> logged = new ArrayList<>(log.subList(logChecked, log.size()));
        logChecked += logged.size();
        for (FuzzedScript script : scripts.values()) {
            List<String> own = logged.stream().filter(v -> v.startsWith(script.name + "#")).toList();
            if (!own.equals(script.expectedLog)) {
                counts.wrong++;
                steps.add("WRONG: " + script.name + " logged " + own + " but the host reported applying "
                        + script.expectedLog);
            }
            script.expectedLog.clear();
        }
    }

    /**
     * One evaluation: every version the host says it runs answers, and calls across files work.
     * It declares a variable rather than evaluating a bare expression: each bare expression keeps
     * a {@code $N} variable, which JShell imports into every later compilation, so thousands of
     * them would make each save slower than the last.
     */
    private void checkBehaviour(LiveLoop host, Map<Path, String> active, List<String> steps) throws Exception {
        StringBuilder expression = new StringBuilder("String fuzz_check = \"\"");
        StringBuilder expected = new StringBuilder();
        for (FuzzedScript script : scripts.values()) {
            String version = FuzzedScript.versionIn(script.name, active.get(script.path));
            if (version == null) {
                continue;
            }
            expression.append(" + ").append(script.name).append("_version() + \"|\"");
            expected.append(version).append('|');
            String peerVersion = FuzzedScript.versionIn(script.peer, active.get(scripts.get(script.peer).path));
            if (peerVersion != null && active.get(script.path).contains(script.name + "_peer()")) {
                expression.append(" + ").append(script.name).append("_peer() + \"|\"");
                expected.append(peerVersion).append('|');
            }
        }
        expression.append(" + log.size();");
        expected.append(log.size());
        SnippetResult result = host.eval(expression.toString()).get(10, TimeUnit.SECONDS).results().get(0);
        String want = "\"" + expected + "\"";
        if (!want.equals(result.value())) {
            counts.wrong++;
            steps.add("WRONG: " + expression + " gave " + result.value() + " " + result.diagnostics() + " "
                    + result.failure() + ", not " + want);
        }
    }

    // -- What the host says -------------------------------------------------------------------

    /** The host's output. Runs on the host's threads; a report of a script applied is on the watcher's. */
    private void output(Output.Kind kind, String text) {
        lines.add(new Line(System.nanoTime(), kind, text));
        try {
            observe(kind, text);
        } catch (RuntimeException e) {
            // Thrown back, it would land in the host's thread, which is not what is under test.
            unexpectedLines.add("the test could not read " + kind + " " + text + ": " + e);
        }
    }

    private void observe(Output.Kind kind, String text) {
        for (FuzzedScript script : scripts.values()) {
            String path = script.path.toString();
            if (text.startsWith(path + " applied at tick ") || text.startsWith(path + " deleted, applied at tick ")) {
                // The active scripts are updated before the report, on this same thread.
                Map<Path, String> active = running.get().activeScripts();
                reports.add(new Report(script.name, active.get(script.path), active, text));
            }
        }
        if (text.startsWith(dir.resolve(BARRIER) + " applied at tick ")) {
            Matcher m = BARRIER_NUMBER.matcher(running.get().activeScripts().get(dir.resolve(BARRIER)));
            if (m.find()) {
                barrierDone.set(Integer.parseInt(m.group(1)));
            }
        }
        checkLine(kind, text);
    }

    /** Names only scripts, and errors only about the saves the test made. */
    private void checkLine(Output.Kind kind, String text) {
        String prefix = dir + File.separator;
        for (int at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + 1)) {
            int end = at + prefix.length();
            while (end < text.length() && text.charAt(end) != ':' && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            if (!isScript(Path.of(text.substring(at, end)))) {
                wrongLines.add(kind + " " + text);
            }
        }
        if (kind == Output.Kind.ERROR || kind == Output.Kind.OUT || kind == Output.Kind.ERR) {
            Matcher m = SCRIPT_ERROR.matcher(text);
            if (kind == Output.Kind.ERROR && m.matches() && isScript(Path.of(m.group(1)))) {
                if (m.group(2).startsWith(": error: the file is empty")) {
                    emptyReads.incrementAndGet();
                } else if (m.group(2).startsWith(": error: cannot read")) {
                    unreadable.incrementAndGet();
                }
            } else {
                unexpectedLines.add(kind + " " + text);
            }
        }
    }

    private boolean isScript(Path path) {
        if (path.getFileName() == null || path.getParent() == null) {
            return false;
        }
        String name = path.getFileName().toString();
        return path.getParent().equals(dir)
                && (scripts.containsKey(name.replaceFirst("\\.jsh$", "")) && name.endsWith(".jsh")
                        || name.equals(BARRIER) || name.equals("machine.jsh"));
    }

    // -- Helpers ------------------------------------------------------------------------------

    private static boolean awaitQuietly(BooleanSupplier condition) throws InterruptedException {
        try {
            Await.until(condition, SETTLE);
            return true;
        } catch (AssertionError _timedOut) {
            return false; // reported as lost saves, with what was expected
        }
    }

    private static int drain(Queue<?> found, List<String> steps, String what) {
        int n = 0;
        for (Object item; (item = found.poll()) != null; n++) {
            steps.add(what + ": " + item);
        }
        return n;
    }

    private static int drain(List<LogRecord> found, List<String> steps, String what) {
        List<LogRecord> records = new ArrayList<>(found);
        found.removeAll(records);
        for (LogRecord record : records) {
            steps.add(what + ": " + record.getLevel() + " " + record.getMessage()
                    + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }
        return records.size();
    }
}
