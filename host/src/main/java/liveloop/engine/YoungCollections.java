package liveloop.engine;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import liveloop.loop.TickLoop;

/**
 * Has the young generation collected between two compiles, just after a tick, rather than
 * whenever a compile's allocation happens to fill it.
 *
 * <p>Under G1 a young pause took 5 to 11 ms while changes compiled back to back (about one a
 * second), and each one that fell on a due tick made it late. Started just after a tick, the
 * same pause is over before the next one is due. So before each compile, when eden is nearly
 * full, the engine thread waits for the next tick to pass and fills the rest of eden with
 * garbage, which starts the collection then, between two compiles. That costs a compile up to a
 * tick period about once in 150 changes. Nothing happens under a collector without an eden (ZGC).
 */
final class YoungCollections {
    /** Room that a compile might fill: more than one allocates (about 1 MB for a method), with room for G1's regions. */
    private static final long MARGIN_BYTES = 16L << 20;
    /**
     * The eden worth timing: one that dozens of compiles fill. In a smaller one collections come
     * every few compiles, and waiting for a tick before each would slow every change.
     */
    private static final long SMALLEST_EDEN_BYTES = 4 * MARGIN_BYTES;
    private static final int FILLER_BYTES = 64 << 10; // below G1's humongous size for any region size

    private final MemoryPoolMXBean eden;
    private final List<GarbageCollectorMXBean> collectors; // those that empty eden
    private static volatile Object sink; // keeps the filler from being optimised away; never read

    private YoungCollections(MemoryPoolMXBean eden, List<GarbageCollectorMXBean> collectors) {
        this.eden = eden;
        this.collectors = collectors;
    }

    /** For this JVM's collector; null if it has no eden to time. */
    static YoungCollections forThisJvm() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getName().endsWith("Eden Space")) {
                List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .filter(c -> List.of(c.getMemoryPoolNames()).contains(pool.getName()))
                        .toList();
                return collectors.isEmpty() ? null : new YoungCollections(pool, collectors);
            }
        }
        return null;
    }

    /** Whether a compile might fill eden now, and eden is one worth timing. */
    boolean due() {
        MemoryUsage usage = eden.getUsage();
        return usage.getCommitted() >= SMALLEST_EDEN_BYTES && free(usage) <= MARGIN_BYTES;
    }

    private static long free(MemoryUsage eden) {
        return eden.getCommitted() - eden.getUsed();
    }

    /** How many collections have emptied eden so far. */
    long collections() {
        long n = 0;
        for (GarbageCollectorMXBean collector : collectors) {
            n += collector.getCollectionCount();
        }
        return n;
    }

    /** Before a compile: collects now, just after a tick, if the compile might fill eden. Engine thread. */
    void beforeCompile(TickLoop loop) throws InterruptedException {
        if (!due()) {
            return;
        }
        loop.awaitNextTick();
        long collections = collections();
        long limit = free(eden.getUsage()) + 2 * MARGIN_BYTES;
        for (long filled = 0; filled < limit && collections() == collections; filled += FILLER_BYTES) {
            sink = new byte[FILLER_BYTES];
        }
        sink = null;
    }
}
