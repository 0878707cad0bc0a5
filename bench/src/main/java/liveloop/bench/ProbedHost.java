package liveloop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import liveloop.engine.Evaluation;
import liveloop.host.LiveLoop;
import liveloop.host.Output;
import liveloop.loop.Clock;

/**
 * A host running {@link ProbeScript} from a temporary directory, with its {@link TickProbe}, in
 * this JVM: the embedding API, as the launcher uses it. Every change gives {@code version()} a
 * new number, so the probe sees the first tick that runs it.
 */
final class ProbedHost implements AutoCloseable {
    static final long TIMEOUT_MILLIS = 30_000;

    private final Path dir;
    private final Path script;
    private final TickProbe probe = new TickProbe();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final LiveLoop host;
    private long version;
    private final long periodNanos;
    private final Random phases = new Random(1); // the same phases each run

    private ProbedHost(double hz) throws IOException {
        periodNanos = Clock.periodOf(hz);
        dir = Files.createTempDirectory("liveloop-bench");
        script = dir.resolve(ProbeScript.FILE_NAME);
        Files.writeString(script, ProbeScript.withVersion(version));
        Output output = (kind, line) -> {
            if (kind == Output.Kind.ERROR || kind == Output.Kind.ERR) {
                errors.add(line);
            }
        };
        host = LiveLoop.builder().scripts(dir).hz(hz).bind("probe", probe).output(output)
                .captureSystemStreams(false).build();
    }

    /** Starts the host and waits until its first tick ran and a prompt evaluation is done. */
    static ProbedHost start(double hz) throws Exception {
        ProbedHost probed = new ProbedHost(hz);
        try {
            probed.host.start();
            probed.probe.awaitVersion(0, TIMEOUT_MILLIS);
            probed.host.eval("1 + 1").get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            probed.checkNoErrors();
            return probed;
        } catch (Exception | Error e) {
            probed.close();
            throw e;
        }
    }

    LiveLoop host() {
        return host;
    }

    TickProbe probe() {
        return probe;
    }

    /**
     * Saves the script with the next version of {@code version()}.
     *
     * @return milliseconds from the write to the start of the first tick that ran it
     */
    double save() throws Exception {
        atRandomPhase();
        version++;
        String content = ProbeScript.withVersion(version);
        long writtenAt = System.nanoTime();
        Files.writeString(script, content);
        return millisToEffect(writtenAt);
    }

    /**
     * Redefines {@code version()} through the prompt API.
     *
     * @return milliseconds from submitting it to the start of the first tick that ran it
     */
    double prompt() throws Exception {
        atRandomPhase();
        version++;
        long submittedAt = System.nanoTime();
        Evaluation evaluation = host.eval(ProbeScript.versionMethod(version))
                .get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        double millis = millisToEffect(submittedAt);
        if (evaluation.failed()) {
            throw new IllegalStateException("the redefinition failed: " + evaluation.results());
        }
        return millis;
    }

    /** Redefines {@code version()} through the prompt API and returns once it has been applied. */
    void redefine() throws Exception {
        version++;
        Evaluation evaluation = host.eval(ProbeScript.versionMethod(version))
                .get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (evaluation.failed()) {
            throw new IllegalStateException("the redefinition failed: " + evaluation.results());
        }
    }

    /**
     * Waits a random part of a tick period. The last change was seen at the start of a tick, and
     * a change made at once would always land at the same point of the period (and take a whole
     * period to its tick); a user's change comes at any point.
     */
    private void atRandomPhase() throws InterruptedException {
        long nanos = (long) (phases.nextDouble() * periodNanos);
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }

    private double millisToEffect(long changedAt) throws InterruptedException {
        long ranAt = probe.awaitVersion(version, TIMEOUT_MILLIS);
        checkNoErrors();
        return (ranAt - changedAt) / 1e6;
    }

    /** Fails if the host reported an error: a number measured past one would mean nothing. */
    void checkNoErrors() {
        if (!errors.isEmpty()) {
            throw new IllegalStateException("the host reported: " + String.join(" / ", errors));
        }
    }

    @Override
    public void close() throws IOException {
        host.close();
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
