package liveloop.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jshell.Snippet;

/**
 * Every version of every behaviour (a zero-argument method the machine may call), so that a
 * version that fails can be rolled back to the last one that ran cleanly, and the user can
 * see which is which. The engine thread records versions; the loop thread marks the running
 * version good after a tick completes without error.
 */
final class BehaviourHistory {
    /**
     * Versions kept per behaviour. A long session redefines one thousands of times; a rollback
     * needs only the newest one that ran cleanly, which is always kept.
     */
    static final int KEPT_VERSIONS = 16;

    private final Map<String, List<Entry>> versions = new HashMap<>(); // engine thread
    private final Map<String, Integer> numbered = new HashMap<>(); // the last version number given, per name
    private volatile Map<String, Entry> running = Map.of();             // read by the loop thread

    /** After a change: records the live version of each behaviour, if new. Engine thread. */
    void record(Map<String, Snippet> live, String origin) {
        Map<String, Entry> now = new HashMap<>();
        live.forEach((name, snippet) -> {
            List<Entry> all = versions.computeIfAbsent(name, n -> new ArrayList<>());
            Entry version = null;
            for (int i = all.size() - 1; i >= 0 && version == null; i--) {
                if (all.get(i).source.equals(snippet.source())) {
                    version = all.get(i); // declared again: an undo, a rename, a rollback
                }
            }
            if (version == null) {
                version = new Entry(name, numbered.merge(name, 1, Integer::sum), snippet.source(), origin);
                all.add(version);
                forgetOldest(all);
            }
            now.put(name, version);
        });
        running = Map.copyOf(now);
    }

    private static void forgetOldest(List<Entry> all) {
        if (all.size() <= KEPT_VERSIONS) {
            return;
        }
        Entry newestGood = null;
        for (int i = all.size() - 1; i >= 0 && newestGood == null; i--) {
            if (all.get(i).good && all.get(i).rejected == null) {
                newestGood = all.get(i);
            }
        }
        all.remove(all.get(0) == newestGood ? 1 : 0);
    }

    /** A tick ran {@code name} without error. Loop thread; one map lookup and a volatile write. */
    void ranCleanly(String name) {
        Entry entry = running.get(name);
        if (entry != null && !entry.good) {
            entry.good = true;
        }
    }

    /** The running version of {@code name}, or null. */
    Entry running(String name) {
        return running.get(name);
    }

    /** The newest other version that ran cleanly and was not rejected since. Engine thread. */
    Entry lastGoodBefore(Entry failing) {
        List<Entry> all = versions.getOrDefault(failing.name, List.of());
        for (int i = all.size() - 1; i >= 0; i--) {
            Entry e = all.get(i);
            if (e != failing && e.good && e.rejected == null && !e.source.equals(failing.source)) {
                return e;
            }
        }
        return null;
    }

    /**
     * Versions that failed and were replaced by a rollback, with the running one of each
     * name. Engine thread.
     */
    List<String> describeRejected() {
        List<String> lines = new ArrayList<>();
        versions.forEach((name, all) -> {
            Entry now = running.get(name);
            for (Entry e : all) {
                if (e.rejected != null) {
                    lines.add(name + "(): running " + (now == null ? "no version" : now.describe())
                            + "; rejected " + e.describe() + ": " + e.rejected);
                }
            }
        });
        lines.sort(null);
        return lines;
    }

    /** One version of one behaviour. */
    static final class Entry {
        final String name;
        final int number;
        final String source;
        final String origin;
        volatile boolean good;
        String rejected; // why it was rolled back, or null

        Entry(String name, int number, String source, String origin) {
            this.name = name;
            this.number = number;
            this.source = source;
            this.origin = origin;
        }

        /** {@code version 3 (scripts/a.jsh)}. */
        String describe() {
            return "version " + number + " (" + origin + ")";
        }
    }
}
