package liveloop.engine;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The results of applying one script file.
 *
 * @param path the file as the user knows it, e.g. {@code scripts/traffic.jsh}
 * @param content the content applied
 * @param applied true if the file's new code is active; false if a snippet failed, so the save
 *     was undone and the file's previous code is still active
 * @param results one per snippet in the file, plus one per declaration dropped from it
 * @param nanos how long applying took
 */
public record ScriptResult(String path, String content, boolean applied, List<SnippetResult> results, long nanos) {
    public ScriptResult {
        results = List.copyOf(results);
    }


    /** How many snippets each action touched. */
    public Map<SnippetResult.Action, Integer> counts() {
        Map<SnippetResult.Action, Integer> counts = new EnumMap<>(SnippetResult.Action.class);
        for (SnippetResult r : results) {
            counts.merge(r.action(), 1, Integer::sum);
        }
        return counts;
    }

    /** Errors and warnings located in the file. */
    public List<Problem> problems() {
        List<Problem> problems = new ArrayList<>();
        for (SnippetResult r : results) {
            for (SnippetResult.Diagnostic d : r.diagnostics()) {
                int at = r.offset() + Math.max(0, d.position() >= 0 ? d.position() : d.start());
                problems.add(problem(at, d.error(), oneLine(d.message())));
            }
            if (r.failure() != null) {
                problems.add(problem(r.offset(), true, "exception " + r.failure().headline()));
            }
            if (r.action() != SnippetResult.Action.REJECTED && !r.unresolved().isEmpty()) {
                problems.add(problem(r.offset(), false, r.kind().word() + " " + r.name()
                        + " cannot be used until " + String.join(", ", r.unresolved()) + " is declared"));
            }
        }
        return problems;
    }

    /**
     * javac's message on one line, as {@code path:line:col: error: message} tools expect:
     * {@code cannot find symbol: method f()}. The location javac adds names JShell's wrapper
     * class, which means nothing to the user.
     */
    private static String oneLine(String message) {
        String[] lines = message.split("\n");
        StringBuilder text = new StringBuilder(lines[0].strip());
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("symbol:")) {
                text.append(": ").append(line.substring("symbol:".length()).strip());
            } else if (!line.isEmpty() && !isWrapperLocation(line)) {
                text.append("; ").append(line);
            }
        }
        return text.toString();
    }

    private static boolean isWrapperLocation(String line) {
        String where = line.replaceFirst("^location: class\\s*", "");
        return !where.equals(line) && (where.isEmpty() || where.contains("$JShell$"));
    }

    private Problem problem(int offset, boolean error, String message) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset && i < content.length(); i++) {
            if (content.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Problem(path, line, column, error, message);
    }

    /** A located message, printed as {@code path:line:col: error: message}. */
    public record Problem(String path, int line, int column, boolean error, String message) {
        @Override
        public String toString() {
            return path + ":" + line + ":" + column + ": " + (error ? "error" : "warning") + ": " + message;
        }
    }
}
