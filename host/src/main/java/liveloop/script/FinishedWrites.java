package liveloop.script;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import liveloop.os.LibC;

/**
 * Tells when a writer has finished with a file: Linux inotify's {@code IN_CLOSE_WRITE} (the
 * file was closed after being opened for writing) and {@code IN_MOVED_TO} (a complete file was
 * renamed into place), which the JDK's watch service does not report. With them a save need
 * not wait out a quiet period to be sure that the writer is done.
 *
 * <p>It also counts every event for each file, so that whoever read a file after hearing it was
 * finished can check that nothing wrote to it since ({@link #writes}).
 *
 * <p>Events are read on the {@code owner} executor's thread, which must be a single thread; a
 * thread of this class only waits for them to arrive. Elsewhere than on Linux, or when inotify
 * cannot be had, {@link #start} returns null and saves wait for their quiet period as before.
 */
final class FinishedWrites implements AutoCloseable {
    /** Called on the owner's thread with a finished file and its event count at that point. */
    interface Listener {
        void finished(Path file, long writes);
    }

    private static final System.Logger LOG = System.getLogger(FinishedWrites.class.getName());

    // <sys/inotify.h>, <sys/eventfd.h>, <poll.h>: the same on every Linux architecture.
    private static final int IN_MODIFY = 0x2;
    private static final int IN_ATTRIB = 0x4;
    private static final int IN_CLOSE_WRITE = 0x8;
    private static final int IN_MOVED_FROM = 0x40;
    private static final int IN_MOVED_TO = 0x80;
    private static final int IN_CREATE = 0x100;
    private static final int IN_DELETE = 0x200;
    private static final int IN_Q_OVERFLOW = 0x4000;
    private static final int IN_IGNORED = 0x8000;
    private static final int IN_ONLYDIR = 0x01000000;
    private static final int IN_DONT_FOLLOW = 0x02000000;
    private static final int IN_ISDIR = 0x40000000;
    private static final int WATCHED = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO
            | IN_CREATE | IN_DELETE | IN_ONLYDIR | IN_DONT_FOLLOW;
    private static final int NONBLOCK_CLOEXEC = 0x800 | 0x80000; // IN_/EFD_NONBLOCK | IN_/EFD_CLOEXEC
    private static final short POLLIN = 1;
    private static final int EAGAIN = 11;
    private static final int EVENT_HEADER = 16; // int wd; uint32 mask, cookie, len; then the name

    private final LibC libc;
    private final int inotify;
    private final int wakeUp; // an eventfd that close() writes to, so the waiting thread ends
    private final Executor owner;
    private final Listener listener;
    private final Thread waiter;
    private final Semaphore drained = new Semaphore(0);
    private volatile boolean closed;
    private final AtomicBoolean descriptorsOpen = new AtomicBoolean(true);

    // Owner thread only.
    private final Map<Integer, Path> directories = new HashMap<>(); // watch descriptor -> directory
    private final Map<Path, Long> counts = new HashMap<>();
    private final Map<Path, Long> writingSince = new HashMap<>(); // modified, not closed since: when first modified
    private final byte[] buffer = new byte[64 * 1024];

    private FinishedWrites(LibC libc, int inotify, int wakeUp, Executor owner, Listener listener) {
        this.libc = libc;
        this.inotify = inotify;
        this.wakeUp = wakeUp;
        this.owner = owner;
        this.listener = listener;
        this.waiter = new Thread(this::awaitEvents, "liveloop-watcher-writes");
        waiter.setDaemon(true);
    }

    /**
     * Starts reporting the files under {@code root} (and directories made under it later) whose
     * writer finished; null where that cannot be known, said once in the log. Every write
     * made after this returns is known.
     *
     * @param owner the single thread on which events are read and {@code listener} is called
     */
    static FinishedWrites start(Path root, Executor owner, Listener listener) {
        LibC libc = LibC.linux();
        if (libc == null) {
            return null;
        }
        int inotify;
        int wakeUp;
        try {
            inotify = libc.inotify_init1(NONBLOCK_CLOEXEC);
        } catch (LastErrorException e) {
            LOG.log(Level.DEBUG, "no inotify; saves wait for their quiet period", e);
            return null;
        }
        try {
            wakeUp = libc.eventfd(0, NONBLOCK_CLOEXEC);
        } catch (LastErrorException e) {
            libc.close(inotify);
            LOG.log(Level.DEBUG, "no eventfd; saves wait for their quiet period", e);
            return null;
        }
        FinishedWrites writes = new FinishedWrites(libc, inotify, wakeUp, owner, listener);
        // Here rather than on the owner, so that every write from now on is known; the owner
        // touches the watches only once the waiting thread, started after, hands it events.
        writes.watchTree(root);
        writes.waiter.start();
        return writes;
    }

    /** How many events for {@code file} have been read so far. Owner thread. */
    long writes(Path file) {
        return counts.getOrDefault(file, 0L);
    }

    /**
     * For how long (nanoseconds) {@code file} has been written to by a writer that has not closed
     * it yet, as of the events read so far; -1 if none is writing. Owner thread.
     */
    long writingFor(Path file) {
        Long since = writingSince.get(file);
        return since == null ? -1 : System.nanoTime() - since;
    }

    /** Reads the events queued by now, so that {@link #writes} counts every write made before. Owner thread. */
    void drain() {
        while (!closed) {
            long n;
            try {
                n = libc.read(inotify, buffer, new NativeLong(buffer.length)).longValue();
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EAGAIN) {
                    LOG.log(Level.DEBUG, "reading inotify events", e);
                }
                return;
            }
            if (n <= 0) {
                return;
            }
            ByteBuffer events = ByteBuffer.wrap(buffer, 0, (int) n).order(ByteOrder.nativeOrder());
            while (events.remaining() >= EVENT_HEADER) {
                int wd = events.getInt();
                int mask = events.getInt();
                events.getInt(); // the cookie pairing a rename's two halves: not needed
                int length = events.getInt();
                String name = name(events, length);
                handle(wd, mask, name);
            }
        }
    }

    private static String name(ByteBuffer events, int length) {
        int start = events.position();
        int end = start;
        while (end < start + length && events.get(end) != 0) {
            end++; // the name is padded with NULs to an aligned length
        }
        String name = new String(events.array(), start, end - start, StandardCharsets.UTF_8);
        events.position(start + length);
        return name;
    }

    private void handle(int wd, int mask, String name) {
        if ((mask & IN_Q_OVERFLOW) != 0) {
            counts.replaceAll((file, count) -> count + 1); // events were lost: no count can be trusted
            writingSince.clear(); // nor which writer is still at it: the quiet period decides
            return;
        }
        if ((mask & IN_IGNORED) != 0) {
            directories.remove(wd); // the directory went away, or its watch was removed
            return;
        }
        Path dir = directories.get(wd);
        if (dir == null || name.isEmpty()) {
            return; // an event about the watched directory itself
        }
        Path path = dir.resolve(name);
        if ((mask & IN_ISDIR) != 0) {
            if ((mask & (IN_CREATE | IN_MOVED_TO)) != 0) {
                watchTree(path);
            }
            return;
        }
        if (!ScriptFiles.isScript(path)) {
            return; // temp files have names of their own each time: counting them would grow without end
        }
        long count = counts.merge(path, 1L, Long::sum);
        if ((mask & IN_MODIFY) != 0) {
            writingSince.putIfAbsent(path, System.nanoTime());
        } else if ((mask & (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE)) != 0) {
            writingSince.remove(path); // the writer is done, or what it wrote is elsewhere now
        }
        if ((mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) != 0) {
            try {
                // Called once this batch is read: a later event for the file makes the count stale.
                owner.execute(() -> listener.finished(path, count));
            } catch (RejectedExecutionException _closing) {
                // the watcher is closing
            }
        }
    }

    private void watchTree(Path root) {
        if (closed) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) { // links are not followed: nor does the watcher
            List<Path> dirs = walk.filter(Files::isDirectory).toList();
            for (Path dir : dirs) {
                try {
                    directories.put(libc.inotify_add_watch(inotify, dir.toString(), WATCHED), dir);
                } catch (LastErrorException e) {
                    // Such as fs.inotify.max_user_watches reached: that directory's saves are quiet-period ones.
                    LOG.log(Level.DEBUG, "cannot watch " + dir + " for finished writes", e);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "cannot walk " + root + " for finished writes", e);
        }
    }

    /** Waits for events and has the owner read them; the owner's reading is waited for, so no event is read twice. */
    private void awaitEvents() {
        Memory fds = new Memory(16); // struct pollfd { int fd; short events; short revents; } [2]
        fds.setInt(0, inotify);
        fds.setShort(4, POLLIN);
        fds.setInt(8, wakeUp);
        fds.setShort(12, POLLIN);
        try {
            while (!closed) {
                fds.setShort(6, (short) 0);
                fds.setShort(14, (short) 0);
                libc.poll(fds, 2, -1);
                if (closed || fds.getShort(14) != 0) {
                    return;
                }
                if (fds.getShort(6) != 0) {
                    owner.execute(() -> {
                        try {
                            drain();
                        } finally {
                            drained.release();
                        }
                    });
                    while (!closed && !drained.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        // the owner is busy (a listener running); close() ends the wait
                    }
                }
            }
        } catch (RejectedExecutionException | InterruptedException _closing) {
            // the owner shut down: the watcher is closing
        } catch (LastErrorException e) {
            if (!closed) {
                LOG.log(Level.DEBUG, "waiting for inotify events; saves wait for their quiet period from now on", e);
            }
        }
    }

    /**
     * Stops reporting. Call it while the owner still runs tasks: the descriptors are closed on
     * the owner's thread, after any read in progress there, so no read can reach a descriptor
     * number the process has given to something else since.
     */
    @Override
    public void close() {
        closed = true;
        try {
            byte[] one = new byte[8];
            one[ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 0 : 7] = 1;
            libc.write(wakeUp, one, new NativeLong(8));
        } catch (LastErrorException e) {
            waiter.interrupt(); // cannot happen for an eventfd below its maximum
        }
        try {
            owner.execute(this::closeDescriptors);
        } catch (RejectedExecutionException _ownerGone) {
            closeDescriptors(); // nothing runs on the owner any more
        }
    }

    private void closeDescriptors() {
        if (descriptorsOpen.compareAndSet(true, false)) {
            libc.close(inotify);
            libc.close(wakeUp);
        }
    }
}
