package liveloop.script;

import liveloop.Await;
import liveloop.LoggedRecords;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.stream.Stream;
import liveloop.script.ScriptWatcher.Change;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The real watcher on a real temporary directory, with the save patterns of real editors. */
class ScriptWatcherTest {
    private static final Duration QUIET = Duration.ofMillis(100);
    private static final Duration WAIT = Duration.ofSeconds(5);
    // Shorter than QUIET: the steps of one save, as an editor spaces them.
    private static final long STEP_MILLIS = 20;

    @TempDir
    Path dir;

    private final BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
    private ScriptWatcher watcher;
    private int controls;

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private void watch() throws IOException {
        watch(changes::add);
    }

    private void watch(Consumer<Change> listener) throws IOException {
        watcher = ScriptWatcher.start(dir, QUIET, listener);
    }

    private Change next() throws InterruptedException {
        Change change = changes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(change).as("a change within " + WAIT).isNotNull();
        return change;
    }

    /**
     * Saves a control script and waits for it: anything reported for earlier events comes before
     * it. Then waits twice the quiet period for stragglers.
     */
    private void assertNothingElseReported() throws Exception {
        Path control = write("control-" + ++controls + ".jsh", "");
        assertThat(next()).isEqualTo(new Change(control, false));
        assertThat(changes.poll(2 * QUIET.toMillis(), TimeUnit.MILLISECONDS)).isNull();
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            // Deepest first: a directory must be empty to be deleted.
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void step() throws InterruptedException {
        Thread.sleep(STEP_MILLIS);
    }

    @Test
    void aNewFileIsReportedOnce() throws Exception {
        watch();

        Path x = write("x.jsh", "int x = 1;\n");

        assertThat(next()).isEqualTo(new Change(x, false));
        assertNothingElseReported();
    }

    /**
     * The quiet period counts from the last write, even when that write's event reaches the
     * watcher late: here its thread is held by the listener (as a starved thread would be) while
     * a delivery that an earlier save of {@code a} scheduled falls due and a new save of {@code a}
     * is half written. Delivered then, the half would be read.
     */
    @Test
    void aDeliveryDueWhileAWritesEventIsStillOnItsWayWaitsForTheQuietPeriodAfterTheWrite() throws Exception {
        Path a = write("a.jsh", "int a = 1;\n");
        CountDownLatch listenerHeld = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        List<String> contentsSeen = Collections.synchronizedList(new ArrayList<>());
        watch(change -> {
            if (change.file().endsWith("b.jsh")) {
                listenerHeld.countDown();
                awaitQuietly(letGo);
            } else {
                String content = read(change.file());
                if (change.isCurrent()) { // as a listener must ask, once it has read the file
                    contentsSeen.add(content);
                }
            }
        });

        write("b.jsh", "int b = 1;\n");
        Files.writeString(a, "int a = 2;\n");   // its delivery falls due after b's
        assertThat(listenerHeld.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        long aDue = System.nanoTime() + QUIET.toNanos();
        Await.until(() -> System.nanoTime() > aDue, WAIT);   // a's delivery is due, and waits for the thread

        try (FileChannel channel = FileChannel.open(a, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap("int a ".getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
            letGo.countDown();   // the due delivery runs now, a moment after this half write
            step();
            channel.write(ByteBuffer.wrap("= 3;\n".getBytes(StandardCharsets.UTF_8)));
        } finally {
            letGo.countDown();
        }

        Await.until(() -> contentsSeen.contains("int a = 3;\n"), WAIT);
        assertThat(contentsSeen).containsExactly("int a = 3;\n");
    }

    @Test
    void theQuietPeriodStillDueCountsFromTheLastWrite() {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        long quiet = QUIET.toNanos();
        assertThat(ScriptWatcher.quietStillDue(now.minusMillis(30), now, quiet)).isEqualTo(quiet - 30_000_000L);
        assertThat(ScriptWatcher.quietStillDue(now.minus(QUIET), now, quiet)).isZero();
        assertThat(ScriptWatcher.quietStillDue(now.minusSeconds(60), now, quiet)).isZero();
        assertThat(ScriptWatcher.quietStillDue(now.plusSeconds(60), now, quiet)).as("a clock ahead of ours").isZero();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void filesThatExistedBeforeStartAreNotReported() throws Exception {
        write("x.jsh", "int x = 1;\n");
        watch();

        assertNothingElseReported();
    }

    /** Where the writer's close is known, that ends the save; elsewhere its quiet period does. */
    @Test
    void aSaveWrittenInStepsIsReportedOnceWithItsLastContent() throws Exception {
        Path x = write("x.jsh", "int x = 1;\n");
        watch();

        long lastWrite;
        try (FileChannel channel = FileChannel.open(x, StandardOpenOption.WRITE)) {
            channel.truncate(0);
            channel.force(true);
            step();
            channel.write(ByteBuffer.wrap("int x ".getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
            step();
            lastWrite = System.nanoTime(); // before: the watcher may see the write before it returns
            channel.write(ByteBuffer.wrap("= 2;\n".getBytes(StandardCharsets.UTF_8)));
        }

        assertThat(next()).isEqualTo(new Change(x, false));
        if (!watcher.reportsFinishedWrites()) {
            assertThat(Duration.ofNanos(System.nanoTime() - lastWrite)).isGreaterThanOrEqualTo(QUIET);
        }
        assertThat(ScriptFiles.read(x)).isEqualTo("int x = 2;\n");
        assertNothingElseReported();
    }

    /**
     * A save is reported once its writer closes the file, without waiting for a quiet period
     * (here 30 s); not while the writer still holds the file open with part of the text.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aSaveIsReportedAsSoonAsItsWriterClosesTheFile() throws Exception {
        Path x = write("x.jsh", "int x = 1;\n");
        watcher = ScriptWatcher.start(dir, Duration.ofSeconds(30), changes::add);
        assertThat(watcher.reportsFinishedWrites()).isTrue();

        writeHoldingTheHalf(x, 4 * STEP_MILLIS);
        assertThat(next()).isEqualTo(new Change(x, false));
        assertThat(ScriptFiles.read(x)).isEqualTo("int x = 2;\n");

        Path y = dir.resolve("y.jsh");
        Files.move(write("y.jsh.tmp", "int y = 1;\n"), y, ATOMIC_MOVE); // a complete file renamed into place
        assertThat(next()).isEqualTo(new Change(y, false));
        assertThat(changes.poll(4 * STEP_MILLIS, TimeUnit.MILLISECONDS)).as("one report per save").isNull();
    }

    /**
     * A writer that holds the file open mid-write for longer than the quiet period (a slow disk, a
     * pause between two writes) is waited for: the half is never reported.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aFileHeldOpenMidWritePastTheQuietPeriodWaitsForItsWriter() throws Exception {
        Path x = write("x.jsh", "int x = 1;\n");
        watch();
        assertThat(watcher.reportsFinishedWrites()).isTrue();

        writeHoldingTheHalf(x, 4 * QUIET.toMillis());

        assertThat(next()).isEqualTo(new Change(x, false));
        assertThat(ScriptFiles.read(x)).isEqualTo("int x = 2;\n");
        assertNothingElseReported();
    }

    /**
     * Writes {@code int x = 2;} over {@code x} in two halves, holding the file open with the first
     * for {@code millis}, and checks that nothing is reported meanwhile.
     */
    private void writeHoldingTheHalf(Path x, long millis) throws Exception {
        try (FileChannel channel = FileChannel.open(x, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap("int x ".getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
            assertThat(changes.poll(millis, TimeUnit.MILLISECONDS)).as("reported while half written").isNull();
            channel.write(ByteBuffer.wrap("= 2;\n".getBytes(StandardCharsets.UTF_8)));
        }
    }

    /**
     * A listener that read a file reported at its writer's close asks whether it is still what
     * was reported: written again meanwhile, it is not, and the next write is reported in turn.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aFileWrittenAgainAfterItsCloseWasReportedIsNoLongerCurrent() throws Exception {
        Path x = write("x.jsh", "int x = 1;\n");
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        watcher = ScriptWatcher.start(dir, Duration.ofSeconds(30), change -> {
            String content = read(change.file());
            if (content.equals("int x = 2;\n")) {
                overwrite(change.file(), "int x = 3;\n"); // the next save, between the read and the question
            }
            seen.add(content + (change.isCurrent() ? " current" : " stale"));
        });

        Files.writeString(x, "int x = 2;\n");

        assertThat(seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("int x = 2;\n stale");
        assertThat(seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("int x = 3;\n current");
    }

    private static void overwrite(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aVimSaveReportsOnlyTheScript() throws Exception {
        Path x = write("x.jsh", "int x = 1;\n");
        watch();

        // vim: swap file while editing; on :w the file is renamed to its backup and written anew.
        Path swap = write(".x.jsh.swp", "swap");
        step();
        Path backup = dir.resolve("x.jsh~");
        Files.move(x, backup);
        write("x.jsh", "int x = 2;\n");
        Files.delete(backup);
        Files.delete(swap);

        assertThat(next()).isEqualTo(new Change(x, false));
        assertNothingElseReported();
    }

    @Test
    void aTempFileRenamedOverTheScriptReportsOnlyTheScript() throws Exception {
        Path x = write("x.jsh", "int x = 1;\n");
        watch();

        Path temp = write("x.jsh.tmp", "int x = 2;\n");
        Files.move(temp, x, REPLACE_EXISTING, ATOMIC_MOVE);

        assertThat(next()).isEqualTo(new Change(x, false));
        assertNothingElseReported();
    }

    @Test
    void aJetBrainsSafeWriteReportsOnlyTheScript() throws Exception {
        Path x = write("x.jsh", "int x = 1;\n");
        watch();

        Path temp = write("x.jsh___jb_tmp___", "int x = 2;\n");
        Path old = dir.resolve("x.jsh___jb_old___");
        Files.move(x, old);
        Files.move(temp, x);
        Files.delete(old);

        assertThat(next()).isEqualTo(new Change(x, false));
        assertNothingElseReported();
    }

    @Test
    void aGeditSaveReportsOnlyTheScript() throws Exception {
        Path x = write("x.jsh", "int x = 1;\n");
        watch();

        Path temp = write(".goutputstream-ABC123", "int x = 2;\n");
        Files.move(temp, x, REPLACE_EXISTING, ATOMIC_MOVE);

        assertThat(next()).isEqualTo(new Change(x, false));
        assertNothingElseReported();
    }

    @Test
    void aDeletedScriptIsReportedDeleted() throws Exception {
        Path x = write("x.jsh", "int x = 1;\n");
        watch();

        Files.delete(x);

        assertThat(next()).isEqualTo(new Change(x, true));
        assertNothingElseReported();
    }

    @Test
    void aScriptCreatedAndDeletedWithinTheQuietPeriodIsReportedDeleted() throws Exception {
        watch();

        Path x = write("x.jsh", "int x = 1;\n");
        Files.delete(x);

        assertThat(next()).isEqualTo(new Change(x, true));
        assertNothingElseReported();
    }

    @Test
    void scriptsInSubdirectoriesAreReported() throws Exception {
        Path old = write("sub/old.jsh", "int a = 1;\n");
        watch();

        write("sub/old.jsh", "int a = 2;\n");
        assertThat(next()).isEqualTo(new Change(old, false));

        Path fresh = write("new/deeper/y.jsh", "int y = 1;\n");
        assertThat(next()).isEqualTo(new Change(fresh, false));
        assertNothingElseReported();
    }

    @Test
    void aDirectoryMovedAwayReportsItsScriptsDeleted(@TempDir Path elsewhere) throws Exception {
        Path a = write("sub/a.jsh", "int a = 1;\n");
        Path b = write("sub/deeper/b.jsh", "int b = 1;\n");
        write("sub/notes.txt", "");
        watch();

        Files.move(dir.resolve("sub"), elsewhere.resolve("sub"));

        assertThat(new Change[] {next(), next()})
                .containsExactlyInAnyOrder(new Change(a, true), new Change(b, true));
        assertNothingElseReported();
    }

    @Test
    void aDirectoryCreatedWithScriptsReportsEachScript() throws Exception {
        watch();

        // Written at once, racing the library registering the new directories: each script is
        // reported whether its event came or the library found it when it walked the directory.
        Path a = write("fresh/a.jsh", "int a = 1;\n");
        Path b = write("fresh/b.jsh", "int b = 1;\n");
        Path c = write("fresh/deeper/c.jsh", "int c = 1;\n");
        write("fresh/notes.txt", "");

        assertThat(new Change[] {next(), next(), next()}).containsExactlyInAnyOrder(
                new Change(a, false), new Change(b, false), new Change(c, false));
        assertNothingElseReported();
    }

    @Test
    void aDirectoryMovedInReportsEachOfItsScripts(@TempDir Path elsewhere) throws Exception {
        Files.createDirectories(elsewhere.resolve("pack/deeper"));
        Files.writeString(elsewhere.resolve("pack/a.jsh"), "int a = 1;\n");
        Files.writeString(elsewhere.resolve("pack/deeper/b.jsh"), "int b = 1;\n");
        Files.writeString(elsewhere.resolve("pack/notes.txt"), "");
        watch();

        Files.move(elsewhere.resolve("pack"), dir.resolve("pack"));

        assertThat(new Change[] {next(), next()}).containsExactlyInAnyOrder(
                new Change(dir.resolve("pack/a.jsh"), false),
                new Change(dir.resolve("pack/deeper/b.jsh"), false));
        assertNothingElseReported();
    }

    @Test
    void aDeletedDirectoryReportsItsScriptsDeleted() throws Exception {
        Path a = write("sub/a.jsh", "int a = 1;\n");
        Path b = write("sub/deeper/b.jsh", "int b = 1;\n");
        write("sub/notes.txt", "");
        watch();

        deleteTree(dir.resolve("sub"));

        assertThat(new Change[] {next(), next()})
                .containsExactlyInAnyOrder(new Change(a, true), new Change(b, true));
        assertNothingElseReported();
    }

    @Test
    void aDirectoryRenamedWithinTheWatchReportsOldPathsDeletedAndNewPathsSaved() throws Exception {
        Path a = write("old/a.jsh", "int a = 1;\n");
        Path b = write("old/deeper/b.jsh", "int b = 1;\n");
        watch();

        Files.move(dir.resolve("old"), dir.resolve("new"));

        Path movedA = dir.resolve("new/a.jsh");
        Path movedB = dir.resolve("new/deeper/b.jsh");
        assertThat(new Change[] {next(), next(), next(), next()}).containsExactlyInAnyOrder(
                new Change(a, true), new Change(b, true),
                new Change(movedA, false), new Change(movedB, false));
        assertNothingElseReported();

        // The directories are watched under their new names: no save is reported by its old path.
        write("new/deeper/b.jsh", "int b = 2;\n");
        assertThat(next()).isEqualTo(new Change(movedB, false));
        assertNothingElseReported();
    }

    @Test
    void afterLostEventsEveryScriptIsReportedOnce() throws Exception {
        Path a = write("a.jsh", "int a = 1;\n");
        Path b = write("sub/b.jsh", "int b = 1;\n");
        write("notes.txt", "");
        watch();
        Path c = write("c.jsh", "int c = 1;\n");
        assertThat(next()).isEqualTo(new Change(c, false));

        // Deleted as the events are lost: its own event and the recheck make one report.
        Files.delete(a);
        watcher.eventsLost();

        assertThat(new Change[] {next(), next(), next()}).containsExactlyInAnyOrder(
                new Change(a, true), new Change(b, false), new Change(c, false));
        assertNothingElseReported();
    }

    @Test
    void aDirectoryLinkLoopDoesNotStopTheWatcher() throws Exception {
        write("sub/a.jsh", "int a = 1;\n");
        Files.createSymbolicLink(dir.resolve("sub/up"), Path.of(".."));
        watch();

        Files.createSymbolicLink(dir.resolve("sub/self"), Path.of("."));
        Path a = write("sub/a.jsh", "int a = 2;\n");

        assertThat(next()).isEqualTo(new Change(a, false));
        assertNothingElseReported();
    }

    @Test
    void aScriptLinkThatCannotBeFollowedIsReportedSavedNotDeleted() throws Exception {
        watch();

        Path loop = Files.createSymbolicLink(dir.resolve("loop.jsh"), Path.of("loop.jsh"));
        assertThat(next()).isEqualTo(new Change(loop, false));
        Path dangling =
                Files.createSymbolicLink(dir.resolve("dangling.jsh"), Path.of("nowhere.jsh"));
        assertThat(next()).isEqualTo(new Change(dangling, false));

        Files.delete(loop);
        assertThat(next()).isEqualTo(new Change(loop, true));
        assertNothingElseReported();
    }

    @Test
    void aFailingListenerIsLoggedAndDoesNotStopTheWatcher() throws Exception {
        LoggedRecords log = new LoggedRecords(ScriptWatcher.class);
        try {
            watch(change -> {
                changes.add(change);
                throw new IllegalStateException("the listener broke, as planned by the test");
            });

            Path x = write("x.jsh", "");
            assertThat(next()).isEqualTo(new Change(x, false));
            Path y = write("y.jsh", "");
            assertThat(next()).isEqualTo(new Change(y, false));

            // y's failure is logged just after y is delivered: wait for it, or it prints after close.
            Await.until(() -> log.records().size() == 2, Duration.ofSeconds(10));
            assertThat(log.records()).first().satisfies(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(record.getMessage()).isEqualTo("the script listener failed on " + x);
                assertThat(record.getThrown())
                        .hasMessage("the listener broke, as planned by the test");
            });
        } finally {
            log.close();
        }
    }

    @Test
    void afterCloseNothingIsReportedAndCloseCanBeRepeated() throws Exception {
        watch();
        write("x.jsh", "");
        watcher.close();

        write("y.jsh", "");
        watcher.close();

        assertThat(changes.poll(2 * QUIET.toMillis(), TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void theListenerMayCloseTheWatcherWithoutWaitingForItself() throws Exception {
        BlockingQueue<Duration> closing = new LinkedBlockingQueue<>();
        watch(change -> {
            long start = System.nanoTime();
            watcher.close();
            closing.add(Duration.ofNanos(System.nanoTime() - start));
        });

        write("x.jsh", "");

        Duration took = closing.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(took).isNotNull().isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void pathsAreAbsoluteAndNormalisedWhenTheDirectoryIsNot() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        watcher = ScriptWatcher.start(sub.resolve("../sub/."), QUIET, changes::add);

        Path x = Files.writeString(sub.resolve("x.jsh"), "");

        assertThat(next()).isEqualTo(new Change(x, false));
    }

    @Test
    void startFailsClearlyForAMissingDirectory() {
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> ScriptWatcher.start(missing, QUIET, changes::add))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot watch " + missing + ": not a directory");
    }
}
