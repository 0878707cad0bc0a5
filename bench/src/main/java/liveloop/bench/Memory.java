package liveloop.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

/** Heap and metaspace in use after a full GC, as redefinitions pile up in one session. */
final class Memory {
    private Memory() {}

    /** What was in use after {@code redefinitions} redefinitions, in bytes. */
    record Point(int redefinitions, long heapBytes, long metaspaceBytes) {
        long totalBytes() {
            return heapBytes + metaspaceBytes;
        }
    }

    /**
     * A point at start (after the warm-up changes), then one at each checkpoint: a count of
     * redefinitions after the start.
     */
    static List<Point> measure(double hz, SortedSet<Integer> checkpoints) throws Exception {
        List<Point> points = new ArrayList<>();
        try (ProbedHost host = ProbedHost.start(hz)) {
            // As before the other measurements: the first changes load and fill caches once.
            for (int i = 0; i < ChangeLatency.WARM_UP; i++) {
                host.redefine();
            }
            points.add(afterGc(0));
            int done = 0;
            for (int checkpoint : checkpoints) {
                while (done < checkpoint) {
                    host.redefine();
                    done++;
                    Progress.every(500, done, checkpoints.last(), "redefinitions");
                }
                host.checkNoErrors();
                points.add(afterGc(done));
            }
        }
        return points;
    }

    private static Point afterGc(int redefinitions) {
        // Twice: the first collection may only queue finalizable or softly reachable objects.
        System.gc();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long metaspace = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getName().equals("Metaspace"))
                .map(MemoryPoolMXBean::getUsage).mapToLong(usage -> usage.getUsed()).sum();
        return new Point(redefinitions, heap, metaspace);
    }
}
