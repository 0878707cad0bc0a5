package liveloop.script;

import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeListener;
import io.methvin.watcher.DirectoryWatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.helpers.NOPLogger;

/**
 * Watches a directory tree and reports each script that changed, once per save.
 *
 * <p>Editors write a file in several steps (truncate, write, rename a temp file over it), so a
 * file is reported {@code quietPeriod} after the last event for it, and whether it was deleted is
 * decided then. Where the system says when a writer is done (Linux: {@link FinishedWrites}), a
 * file that was closed after writing, or renamed into place, is reported at once instead, unless
 * it is empty then; a file a writer still holds open mid-write waits for its close (up to
 * {@link #WRITER_WAIT_QUIET_PERIODS} quiet periods); a deletion always waits for the quiet
 * period. Editor temp, backup and swap files are never reported ({@link ScriptFiles#isScript}).
 * The listener is called on one thread, one change at a time.
 *
 * <pre>{@code
 * try (ScriptWatcher watcher = ScriptWatcher.start(dir, Duration.ofMillis(100), evaluator::reload)) {
 *     for (Path file : ScriptFiles.list(dir)) {    // after start: a save in between is not lost
 *         evaluator.load(file);
 *     }
 *     ...
 * }
 * }</pre>
 */
public final class ScriptWatcher implements AutoCloseable {
    /**
     * A script that was saved, created or deleted; {@code file} is absolute and normalised.
     * Equal to another for the same file and kind of change.
     */
    public static final class Change {
        private final Path file;
        private final boolean deleted;
        private final BooleanSupplier current;

        /** A change that is final once reported: its file stayed untouched for the quiet period. */
        public Change(Path file, boolean deleted) {
            this(file, deleted, () -> true);
        }

        private Change(Path file, boolean deleted, BooleanSupplier current) {
            this.file = Objects.requireNonNull(file, "file");
            this.deleted = deleted;
            this.current = current;
        }

        public Path file() {
            return file;
        }

        public boolean deleted() {
            return deleted;
        }

        /**
         * Whether nothing has written the file since the save this change reports. A listener
         * that reads the file asks once it has read it, on the listener's thread, and drops what
         * it read if not: the later write is reported in its turn. A save reported as soon as its
         * writer finished (before the quiet period) can be followed at once by another.
         */
        public boolean isCurrent() {
            return current.getAsBoolean();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Change other && file.equals(other.file) && deleted == other.deleted;
        }

        @Override
        public int hashCode() {
            return file.hashCode() * 31 + Boolean.hashCode(deleted);
        }

        @Override
        public String toString() {
            return "Change[file=" + file + ", deleted=" + deleted + "]";
        }
    }

    private static final System.Logger LOG = System.getLogger(ScriptWatcher.class.getName());
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);
    /**
     * How many quiet periods a writer that holds a file open mid-write is waited for; then the
     * file is read as it is (200 ms with the default quiet period).
     */
    static final int WRITER_WAIT_QUIET_PERIODS = 10;

    private final Path dir;
    private final long quietNanos;
    private final Consumer<Change> listener;
    private final DirectoryWatcher watcher;
    private final ExecutorService watchThread;
    private final ScheduledThreadPoolExecutor debounce;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread debounceThread;
    private volatile FinishedWrites finishedWrites; // null: every change waits for its quiet period

    // Confined to the debounce thread: the watcher thread only hands events over.
    private final Map<Path, Future<?>> pending = new HashMap<>();
    private final Set<Path> known = new HashSet<>();
    private final Map<Path, Long> reportedThrough = new HashMap<>(); // file -> event count its finished-write report covered

    private ScriptWatcher(Path dir, Duration quietPeriod, Consumer<Change> listener)
            throws IOException {
        this.dir = dir;
        this.quietNanos = quietPeriod.toNanos();
        this.listener = listener;
        this.watcher = DirectoryWatcher.builder()
                .path(dir)
                // Hashing would read every file under dir at start and each changed file on every
                // event, on the watcher thread, only to drop events the debounce merges anyway (and
                // the evaluator skips a file whose text is unchanged). Without it a directory moved
                // away is reported alone, not file by file: forgetDirectory covers that.
                .fileHashing(false)
                // The library logs only debug traces; asking slf4j 1.7 for a logger with no binding
                // present prints a warning to stderr. Our diagnostics go through System.Logger.
                .logger(NOPLogger.NOP_LOGGER)
                .listener(new Events())
                .build();
        // Never the common pool (watchAsync's default): it has one thread on two cores.
        this.watchThread =
                Executors.newSingleThreadExecutor(task -> daemon(task, "liveloop-watcher"));
        this.debounce = new ScheduledThreadPoolExecutor(1, task -> {
            debounceThread = daemon(task, "liveloop-watcher-debounce");
            return debounceThread;
        });
        // Each event of a burst cancels a delivery: drop it at once, not when its delay is up.
        debounce.setRemoveOnCancelPolicy(true);
        debounce.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Starts watching {@code dir} and its subdirectories; returns once the watcher is registered,
     * so every change from then on is reported.
     *
     * @param quietPeriod how long a file must stay untouched before its change is reported
     * @param listener called on the watcher's own thread, one change at a time; what it throws is
     *     logged and ignored
     * @throws IOException when {@code dir} is not a directory or cannot be watched
     */
    public static ScriptWatcher start(Path dir, Duration quietPeriod, Consumer<Change> listener)
            throws IOException {
        Objects.requireNonNull(listener, "listener");
        if (quietPeriod.isNegative()) {
            throw new IllegalArgumentException(
                    "quiet period must not be negative, was " + quietPeriod);
        }
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IOException("cannot watch " + root + ": not a directory");
        }
        ScriptWatcher watcher = new ScriptWatcher(root, quietPeriod, listener);
        try {
            watcher.begin();
        } catch (IOException | RuntimeException e) {
            watcher.close();
            throw e;
        }
        return watcher;
    }

    private void begin() throws IOException {
        watcher.watchAsync(watchThread).whenComplete((done, failure) -> stopped(failure));
        try {
            // The library registers the directories on its own thread, then reports idle.
            ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e.getCause());
            throw new IOException("cannot watch " + dir + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IOException("cannot watch " + dir + ": not registered after "
                    + READY_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting to watch " + dir, e);
        }
        finishedWrites = FinishedWrites.start(dir, debounce, this::finished);
        // Listed after registering, so no script is missing; one listed but deleted meanwhile is
        // harmless: its deletion is reported as well.
        List<Path> scripts = ScriptFiles.list(dir);
        debounce.execute(() -> known.addAll(scripts));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof UncheckedIOException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private void stopped(Throwable failure) {
        if (!ready.isDone()) {
            ready.completeExceptionally(failure != null
                    ? failure
                    : new IOException("the watcher ended before it started"));
        } else if (!closed.get()) {
            // Such as when the watched directory itself was deleted: its watch key is gone.
            LOG.log(Level.WARNING, "stopped watching " + dir, failure);
        }
    }

    /** Runs on the watcher thread; everything else happens on the debounce thread. */
    private final class Events implements DirectoryChangeListener {
        @Override
        public void onEvent(DirectoryChangeEvent event) {
            Path path = event.path();
            switch (event.eventType()) {
                case OVERFLOW -> eventsLost();
                case DELETE -> {
                    if (event.isDirectory()) {
                        hand(() -> forgetDirectory(path));
                    } else if (ScriptFiles.isScript(path)) {
                        hand(() -> written(path));
                    }
                }
                case CREATE, MODIFY -> {
                    // A directory created with scripts in it is walked by the library, which
                    // reports each file inside as created.
                    if (!event.isDirectory() && ScriptFiles.isScript(path)) {
                        hand(() -> written(path));
                    }
                }
            }
        }

        @Override
        public void onIdle(int events) {
            ready.complete(null);
        }

        @Override
        public void onException(Exception e) {
            // directory-watcher 0.19.1 fails on its own OVERFLOW event (a null path) before we see
            // it; whatever failed, events may have been lost, so every script is checked again.
            LOG.log(Level.DEBUG, "error while watching " + dir + "; rechecking every script", e);
            hand(ScriptWatcher.this::overflowed);
        }
    }

    private void hand(Runnable work) {
        if (closed.get()) {
            return;
        }
        try {
            debounce.execute(work);
        } catch (RejectedExecutionException _closing) {
            // close() ran between the check and here: the change goes with the watcher.
        }
    }

    /**
     * The watch service saw an event for {@code file}. A save already reported when its writer
     * finished makes events of its own, which may come later: those are not a save again.
     */
    private void written(Path file) {
        Long through = reportedThrough.get(file);
        if (through != null) {
            finishedWrites.drain(); // the event counted here as well
            if (finishedWrites.writes(file) == through) {
                return;
            }
            reportedThrough.remove(file);
        }
        touched(file);
    }

    /** Reports {@code file} once it has been quiet for the quiet period. */
    private void touched(Path file) {
        deliverIn(file, quietNanos);
    }

    private void deliverIn(Path file, long nanos) {
        if (closed.get()) {
            return;
        }
        Future<?> delivery = debounce.schedule(() -> deliver(file), nanos, TimeUnit.NANOSECONDS);
        Future<?> previous = pending.put(file, delivery);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    private void deliver(Path file) {
        pending.remove(file);
        if (closed.get()) {
            return;
        }
        long wait = quietStillDue(file);
        if (wait == 0 && finishedWrites != null) {
            finishedWrites.drain();
            long writing = finishedWrites.writingFor(file);
            if (writing >= 0 && writing < WRITER_WAIT_QUIET_PERIODS * quietNanos) {
                wait = quietNanos; // its writer has it open mid-write: its close reports it (finished)
            }
        }
        if (wait > 0) {
            deliverIn(file, wait);
            return;
        }
        // Not following links: a link that loops or dangles is there, and reading it says why.
        report(new Change(file, !Files.exists(file, LinkOption.NOFOLLOW_LINKS)));
    }

    /**
     * The writer of {@code file} is done with it, {@code writes} events in: it is reported now,
     * not after the quiet period, if nothing wrote to it since and it has content.
     */
    private void finished(Path file, long writes) {
        if (closed.get()) {
            return;
        }
        finishedWrites.drain();
        if (finishedWrites.writes(file) != writes) {
            return; // written to again since: that write is reported in its turn
        }
        if (!hasContent(file)) {
            return; // empty or gone, perhaps a step of a longer save: its quiet period decides
        }
        Future<?> previous = pending.remove(file);
        if (previous != null) {
            previous.cancel(false);
        }
        reportedThrough.put(file, writes);
        report(new Change(file, false, () -> stillFinished(file, writes)));
    }

    /** Nothing wrote to {@code file} after its {@code writes}-th event; else it waits for its quiet period. */
    private boolean stillFinished(Path file, long writes) {
        if (Thread.currentThread() != debounceThread) {
            throw new IllegalStateException("Change.isCurrent() is for the listener's thread");
        }
        finishedWrites.drain(); // what was written before the listener read the file is counted now
        if (finishedWrites.writes(file) == writes) {
            return true;
        }
        reportedThrough.remove(file);
        // A later write's own delivery may have been cancelled for this one: due when that would
        // have been, so deliveries still leave in the order of the writes.
        deliverIn(file, quietStillDue(file));
        return false;
    }

    private static boolean hasContent(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile() && attributes.size() > 0;
        } catch (IOException gone) {
            return false;
        }
    }

    private void report(Change change) {
        Path file = change.file();
        if (change.deleted()) {
            known.remove(file);
        } else {
            known.add(file);
        }
        try {
            listener.accept(change);
        } catch (Throwable e) {
            // The listener is the host's code; whatever it throws must not stop the watching, and
            // the executor would drop it silently.
            LOG.log(Level.ERROR, "the script listener failed on " + file, e);
        }
    }

    /**
     * How much of the quiet period is still to come for {@code file}, counted from the last write
     * the file system recorded rather than from when its event reached this watcher. A watcher
     * thread short of CPU hands events over late, and the delivery an earlier save scheduled
     * would otherwise read a write still under way.
     */
    private long quietStillDue(Path file) {
        try {
            FileTime modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
            return quietStillDue(modified.toInstant(), Instant.now(), quietNanos);
        } catch (IOException gone) {
            return 0; // deleted meanwhile: delivery says so
        }
    }

    /** Zero when the file system's clock is ahead of ours (a clock set back, a remote file system). */
    static long quietStillDue(Instant modified, Instant now, long quietNanos) {
        if (modified.isAfter(now)) {
            return 0;
        }
        return Math.max(0, quietNanos - Duration.between(modified, now).toNanos());
    }

    /** Whether a save is reported as soon as its writer is done, before its quiet period. */
    boolean reportsFinishedWrites() {
        return finishedWrites != null;
    }

    /**
     * The watch service overflowed and dropped events. Package-private so that tests can drive
     * it: no file system operation makes a real overflow happen reliably.
     */
    void eventsLost() {
        hand(this::overflowed);
    }

    /** Events were lost: every script that exists, or existed, may have changed. */
    private void overflowed() {
        Set<Path> maybeChanged = new HashSet<>(known);
        try {
            maybeChanged.addAll(ScriptFiles.list(dir));
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "cannot list " + dir + " after lost events", e);
        }
        LOG.log(Level.DEBUG, "watch events lost in " + dir + "; rechecking every script");
        maybeChanged.forEach(this::touched);
    }

    /** A directory moved away or deleted is reported alone; its scripts are gone with it. */
    private void forgetDirectory(Path gone) {
        List<Path> inside = new ArrayList<>();
        for (Path file : known) {
            if (file.startsWith(gone)) {
                inside.add(file);
            }
        }
        inside.forEach(this::touched);
    }

    /**
     * Stops watching. No listener call starts after this returns, and one that was running on
     * another thread has finished (unless it took more than two seconds).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        FinishedWrites writes = finishedWrites;
        if (writes != null) {
            writes.close(); // before the debounce thread stops: it closes the descriptors
        }
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot close the watch service for " + dir, e);
        }
        watchThread.shutdown();
        debounce.shutdown();
        awaitTermination(watchThread, "liveloop-watcher");
        // Called by the listener itself: waiting for the debounce thread would be waiting for us.
        if (Thread.currentThread() != debounceThread) {
            awaitTermination(debounce, "liveloop-watcher-debounce");
        }
    }

    private static void awaitTermination(ExecutorService executor, String name) {
        try {
            if (!executor.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, name + " still running "
                        + CLOSE_TIMEOUT.toSeconds() + " s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
