package liveloop.engine;

import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import jdk.jshell.Snippet;

/**
 * Numbers snippets as the jshell tool does, so {@code $2} and {@code #2} mean the same in
 * both: set-up snippets are s1, s2...; rejected ones e1, e2...; the user's 1, 2... Engine thread.
 */
final class SnippetIds {
    private final Predicate<Snippet> active;
    private boolean setup = true;
    private int main = 1;
    private int start = 1;
    private int error = 1;
    private Iterator<String> replayedIds; // while compaction replays snippets: the ids they had
    private String replayedName;

    /** @param active whether a snippet JShell is numbering was accepted */
    SnippetIds(Predicate<Snippet> active) {
        this.active = active;
    }

    String next(Snippet snippet, Integer keyIndex) {
        if (replayedIds != null && replayedIds.hasNext()) {
            return replayedIds.next();
        }
        if (setup) {
            return "s" + start++;
        }
        return active.test(snippet) ? String.valueOf(main++) : "e" + error++;
    }

    String nextTemporaryName() {
        if (replayedName != null) {
            return replayedName;
        }
        return "$" + main;
    }

    void setupDone() {
        setup = false;
    }

    /** Work the user did not ask for (restoring a declaration) takes no number of theirs. */
    <T> T outOfSight(Supplier<T> work) {
        boolean was = setup;
        setup = true;
        try {
            return work.get();
        } finally {
            setup = was;
        }
    }

    /**
     * Compaction declares snippets again in a new session: they keep their ids, in order, and a
     * temporary variable ({@code $3}) its name.
     */
    <T> T replaying(List<String> ids, String temporaryName, Supplier<T> work) {
        replayedIds = ids.iterator();
        replayedName = temporaryName;
        try {
            return work.get();
        } finally {
            replayedIds = null;
            replayedName = null;
        }
    }
}
