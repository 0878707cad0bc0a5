package liveloop.repl;

import java.util.ArrayList;
import java.util.List;
import liveloop.engine.SnippetResult;
import liveloop.engine.SnippetResult.Action;
import liveloop.engine.SnippetResult.Kind;
import liveloop.engine.UserCodeGuard;

/**
 * Formats evaluation results as the {@code jshell} tool does in its normal feedback mode
 * ({@code x ==> 5}, {@code |  created method f()}, errors with the code and a caret), so what
 * people know from jshell reads the same here.
 */
final class Feedback {
    private final boolean hints;

    /** @param hints add liveloop's notes (when a change takes effect) to jshell's text */
    Feedback(boolean hints) {
        this.hints = hints;
    }

    /** A line of feedback; {@code error} lines are shown as errors. */
    record Line(String text, boolean error) {}

    List<Line> format(SnippetResult r) {
        List<Line> lines = new ArrayList<>();
        if (r.action() == Action.REJECTED) {
            lines.add(new Line("|  Error:", true));
            for (SnippetResult.Diagnostic d : r.diagnostics()) {
                for (String message : d.message().split("\\R")) {
                    // javac's location names JShell's wrapper class, which means nothing to the user;
                    // the jshell tool leaves it out too.
                    if (!message.strip().startsWith("location:")) {
                        lines.add(new Line("|  " + message, true));
                    }
                }
                lines.addAll(caret(r.source(), d));
            }
            return lines;
        }
        if (r.kind() == Kind.VARIABLE || r.kind() == Kind.EXPRESSION) {
            if (r.value() != null) {
                lines.add(new Line(r.name() + " ==> " + r.value(), false));
            }
        } else if (r.kind().isDeclaration() && r.kind() != Kind.IMPORT) {
            String text = "|  " + verb(r.action()) + " " + r.kind().word() + " " + r.name();
            if (!r.unresolved().isEmpty()) {
                text += ", however, it cannot be " + (r.kind() == Kind.METHOD ? "invoked" : "referenced")
                        + " until " + String.join(", ", r.unresolved()) + " is declared";
            }
            if (hints && r.kind() == Kind.METHOD) {
                text += "        (takes effect next tick)";
            }
            lines.add(new Line(text, false));
        }
        if (r.failure() != null) {
            // Stopped code (Ctrl-C, /stop, a budget, System.exit) is the host's doing, not an
            // exception of the user's: say what happened, not which class carried it.
            boolean stopped = r.failure().exceptionClass().equals(UserCodeGuard.CancelledError.class.getName());
            lines.add(new Line("|  " + (stopped ? "Stopped: " + r.failure().message() : "Exception " + r.failure().headline()), true));
            for (String frame : r.failure().frames()) {
                lines.add(new Line("|        at " + frame, true));
            }
        }
        return lines;
    }

    private static String verb(Action action) {
        switch (action) {
            case MODIFIED:
                return "modified";
            case REPLACED:
                return "replaced";
            case DROPPED:
                return "dropped";
            default:
                return "created";
        }
    }

    /** The offending line of code with a caret (or {@code ^---^}) under the error. */
    private static List<Line> caret(String source, SnippetResult.Diagnostic d) {
        int start = clamp(d.start() >= 0 ? d.start() : d.position(), source);
        int end = clamp(Math.max(d.end(), start), source);
        int lineStart = source.lastIndexOf('\n', start - 1) + 1;
        int lineEnd = source.indexOf('\n', start);
        if (lineEnd < 0) {
            lineEnd = source.length();
        }
        end = Math.min(end, lineEnd);
        StringBuilder marker = new StringBuilder("|  ");
        marker.append(" ".repeat(start - lineStart));
        if (end - start <= 1) {
            marker.append('^');
        } else {
            marker.append('^').append("-".repeat(end - start - 2)).append('^');
        }
        return List.of(new Line("|  " + source.substring(lineStart, lineEnd), true), new Line(marker.toString(), true));
    }

    private static int clamp(int position, String source) {
        return Math.max(0, Math.min(position, source.length()));
    }
}
