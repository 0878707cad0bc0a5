package liveloop.os;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.lang.System.Logger.Level;

/**
 * The Linux C library calls the host makes, through JNA (in the jar already, through
 * directory-watcher): what the JDK does not offer, such as inotify's close-after-write and the
 * scheduler's slice. Each call throws {@link LastErrorException} with {@code errno} on failure.
 */
public interface LibC extends Library {
    /** The C library on Linux; null elsewhere, or where native code cannot be called (said once in the log). */
    static LibC linux() {
        return Loaded.LIBC;
    }

    int inotify_init1(int flags) throws LastErrorException;

    int inotify_add_watch(int fd, String path, int mask) throws LastErrorException;

    int eventfd(int initval, int flags) throws LastErrorException;

    int poll(Memory fds, int count, int timeoutMillis) throws LastErrorException;

    NativeLong read(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

    NativeLong write(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    /** For calls glibc has no wrapper for (before 2.41: {@code sched_setattr}). */
    long syscall(long number, Object... args) throws LastErrorException;

    /** Loaded on first use. */
    final class Loaded {
        static final LibC LIBC = load();

        private Loaded() {}

        private static LibC load() {
            if (!Platform.isLinux()) {
                return null;
            }
            try {
                return Native.load("c", LibC.class);
            } catch (LinkageError | RuntimeException e) {
                // No native library, or native access denied (JDK 24+ with --illegal-native-access=deny).
                System.getLogger(LibC.class.getName()).log(Level.DEBUG, "no C library to call", e);
                return null;
            }
        }
    }
}
