package liveloop.os;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.lang.System.Logger.Level;

/**
 * The calling thread's scheduler slice. Linux 6.12 and later (EEVDF) let a task ask for a
 * shorter slice than the default 3 ms, and let a waking task with a shorter slice preempt the
 * one running: a loop that sleeps until each tick then runs on time beside busy threads (javac,
 * the JIT) rather than when one of them is next preempted. Set through {@code sched_setattr},
 * whose {@code sched_runtime} is the slice for ordinary tasks; older kernels ignore it.
 */
public final class SchedulerSlice {
    private static final System.Logger LOG = System.getLogger(SchedulerSlice.class.getName());
    private static final int ATTR_SIZE = 56; // struct sched_attr, SCHED_ATTR_SIZE_VER1
    private static final int RUNTIME_OFFSET = 24; // u32 size, policy; u64 flags; s32 nice; u32 priority; u64 runtime

    private SchedulerSlice() {}

    /**
     * Asks for slices of {@code nanos} for the calling thread, keeping its policy and nice value.
     *
     * @return whether the system took the request (a kernel before 6.12 takes it and ignores it)
     */
    public static boolean request(long nanos) {
        Calls calls = Calls.forThisMachine();
        if (calls == null) {
            return false;
        }
        try {
            Memory attr = calls.get();
            attr.setLong(RUNTIME_OFFSET, nanos);
            calls.libc.syscall(calls.setattr, 0, attr, 0);
            return true;
        } catch (LastErrorException e) {
            LOG.log(Level.DEBUG, "cannot set the scheduler slice of " + Thread.currentThread().getName(), e);
            return false;
        }
    }

    /** The calling thread's slice in nanoseconds as the kernel reports it; 0 if unknown (or the default, before 6.12). */
    public static long current() {
        Calls calls = Calls.forThisMachine();
        if (calls == null) {
            return 0;
        }
        try {
            return calls.get().getLong(RUNTIME_OFFSET);
        } catch (LastErrorException e) {
            return 0;
        }
    }

    /** The system call numbers, which differ between architectures. */
    private record Calls(LibC libc, long setattr, long getattr) {
        static Calls forThisMachine() {
            LibC libc = LibC.linux();
            if (libc == null) {
                return null;
            }
            return switch (System.getProperty("os.arch")) {
                case "amd64", "x86_64" -> new Calls(libc, 314, 315);
                case "aarch64", "riscv64" -> new Calls(libc, 274, 275);
                default -> null;
            };
        }

        /** The calling thread's attributes (pid 0: the caller). */
        Memory get() {
            Memory attr = new Memory(ATTR_SIZE);
            attr.clear();
            libc.syscall(getattr, 0, attr, ATTR_SIZE, 0);
            return attr;
        }
    }
}
