package liveloop.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A script {@link SaveFuzzTest} edits: the versions it writes, what the file holds, and what
 * the host reported applying.
 *
 * <p>Version 17 of script {@code a} declares {@code a_version()} returning {@code "a#17"}, a
 * method calling the next script's version, a few that change now and then, and ends with the
 * statement {@code log.add("a#17");}. A broken version has a method that does not compile, or a
 * statement that throws, before that last line.
 */
final class FuzzedScript {
    final String name;
    final String peer;
    final Path path;
    private final Duration quiet;
    private int versions;
    private int tag;
    private boolean extra;
    private final Map<String, Integer> valid = new HashMap<>(); // every complete, valid text written -> version

    String onDisk; // null while deleted

    // Since the last settled sequence:
    private long firstTouch = Long.MAX_VALUE;
    boolean deleted;
    final Map<String, List<Boolean>> partials = new HashMap<>(); // prefix on disk for a while -> protected, per save
    final List<Boolean> vanished = new ArrayList<>(); // per save that removed the file a moment: protected
    final List<String> expectedLog = new ArrayList<>(); // since the last check

    // As the host reported:
    String applied;
    int appliedVersion;
    boolean displaced; // the version applied last was replaced by a prefix or a deletion since

    FuzzedScript(String name, String peer, Path path, Duration quiet) {
        this.name = name;
        this.peer = peer;
        this.path = path;
        this.quiet = quiet;
    }

    /** A new version's text; a valid one is remembered as such. */
    String newVersion(Random random, boolean isValid) {
        int n = ++versions;
        String version = name + "#" + n;
        StringBuilder text = new StringBuilder();
        text.append("String ").append(name).append("_version() { return \"").append(version).append("\"; }\n");
        text.append("String ").append(name).append("_peer() { return ").append(peer).append("_version(); }\n");
        text.append("int ").append(name).append("_twice(int k) { return 2 * k; }\n");
        // Mostly unchanged from one version to the next: then it must not be evaluated again.
        tag += random.nextInt(4) == 0 ? 1 : 0;
        text.append("String ").append(name).append("_tag() { return \"").append(name).append(':').append(tag)
                .append("\"; }\n");
        extra ^= random.nextInt(4) == 0;
        if (extra) {
            // Present in some versions only: dropped when a version leaves it out.
            text.append("String ").append(name).append("_extra() { return \"").append(name).append(" extra\"; }\n");
        }
        if (!isValid) {
            text.append(random.nextBoolean()
                    ? "int " + name + "_broken() { return \"" + version + "\"; }\n"
                    : "throw new IllegalStateException(\"" + version + " must not apply\");\n");
        }
        text.append("log.add(\"").append(version).append("\");\n");
        if (isValid) {
            valid.put(text.toString(), n);
        }
        return text.toString();
    }

    /** The longest prefix that cannot log: it stops before the ')' of the final {@code log.add(...)}. */
    static int longestSilentPrefix(String text) {
        return text.lastIndexOf(");");
    }

    /** The version of a complete, valid text of this script, or null. */
    Integer versionOf(String text) {
        return text == null ? null : valid.get(text);
    }

    boolean isValid(String text) {
        return versionOf(text) != null;
    }

    void touched(long nanos) {
        firstTouch = Math.min(firstTouch, nanos);
    }

    /**
     * Whether what the file held until {@code nanos} can only have been read by a host that broke
     * the quiet period: every event on the file since the last settled sequence is less than a
     * quiet period older. Otherwise a delivery for an earlier event may legitimately fire while it
     * is on disk (when the host has not yet seen the newer events).
     */
    boolean protectedUntil(long nanos) {
        return nanos - firstTouch < quiet.toNanos();
    }

    void settled() {
        firstTouch = Long.MAX_VALUE;
        deleted = false;
        partials.clear();
        vanished.clear();
    }

    /** {@code a#17}, {@code a#18 (broken)}, or the text itself when it is part of a version. */
    String label(String text) {
        if (text == null) {
            return "nothing";
        }
        Integer version = versionOf(text);
        if (version != null) {
            return name + "#" + version;
        }
        String broken = versionIn(name, text);
        return broken != null && text.endsWith("log.add(\"" + broken + "\");\n") ? broken + " (broken)" : quote(text);
    }

    /** {@code a#17} from a text that declares {@code a_version()}, or null. */
    static String versionIn(String name, String content) {
        if (content == null) {
            return null;
        }
        Matcher m = Pattern.compile("String " + name + "_version\\(\\) \\{ return \"(" + name + "#\\d+)\"; }\n")
                .matcher(content);
        return m.find() ? m.group(1) : null;
    }

    static String quote(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }
}
