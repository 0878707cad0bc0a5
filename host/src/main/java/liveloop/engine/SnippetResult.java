package liveloop.engine;

import java.util.List;

/**
 * What evaluating one snippet did, as data: the console prints it in the {@code jshell} tool's
 * form, tests assert on it.
 *
 * @param source the snippet's source
 * @param offset where the source starts in the text it came from (a file, a prompt input)
 * @param kind what the snippet declares or does
 * @param name the declared name as jshell shows it ({@code green()}, {@code t}, {@code $3}), or
 *     empty for statements
 * @param action what happened to the session
 * @param typeName the type of a variable or expression, else empty
 * @param value the value of a variable or expression as jshell shows it, or null
 * @param diagnostics compiler messages, positions relative to {@code source}
 * @param unresolved what a declaration still needs before it can be used
 * @param failure what the snippet threw when it ran, or null
 */
public record SnippetResult(
        String source,
        int offset,
        Kind kind,
        String name,
        Action action,
        String typeName,
        String value,
        List<Diagnostic> diagnostics,
        List<String> unresolved,
        Failure failure) {

    public SnippetResult {
        diagnostics = List.copyOf(diagnostics);
        unresolved = List.copyOf(unresolved);
    }

    /** This result with what the declaration still needs brought up to date. */
    public SnippetResult withUnresolved(List<String> stillUnresolved) {
        return new SnippetResult(source, offset, kind, name, action, typeName, value, diagnostics, stillUnresolved, failure);
    }

    /** True if the snippet was rejected or threw. */
    public boolean failed() {
        return action == Action.REJECTED || failure != null;
    }

    public enum Kind {
        IMPORT("import"),
        CLASS("class"),
        INTERFACE("interface"),
        ENUM("enum"),
        RECORD("record"),
        ANNOTATION("@interface"),
        METHOD("method"),
        VARIABLE("variable"),
        EXPRESSION("expression"),
        STATEMENT("statement"),
        ERRONEOUS("snippet");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** The word jshell uses: "method", "class", "variable". */
        public String word() {
            return word;
        }

        public boolean isDeclaration() {
            return this != EXPRESSION && this != STATEMENT && this != ERRONEOUS;
        }
    }

    public enum Action {
        /** A new declaration, or a statement or expression that ran. */
        CREATED,
        /** A declaration replaced by one with the same signature. */
        MODIFIED,
        /** A declaration replaced by one with a different signature. */
        REPLACED,
        /** Left as it was: a script's snippet whose source had not changed. */
        UNCHANGED,
        /** A script's declaration removed from its file, and so from the session. */
        DROPPED,
        /** Did not compile; nothing changed. */
        REJECTED,
        /**
         * Not run: an earlier snippet of the same script save failed, so the save is undone, and a
         * statement or initializer run now could not be taken back.
         */
        NOT_RUN
    }

    /**
     * A compiler message.
     *
     * @param error true for an error, false for a warning
     * @param position the point javac reports, relative to the snippet source
     * @param start the start of the offending range
     * @param end the end of the offending range
     */
    public record Diagnostic(boolean error, int position, int start, int end, String message) {}

    /**
     * An exception thrown by user code.
     *
     * @param exceptionClass the exception's class name
     * @param message its message, or null
     * @param frames user-code frames, innermost first, as {@code green (#3:2)}
     */
    public record Failure(String exceptionClass, String message, List<String> frames) {
        public Failure {
            frames = List.copyOf(frames);
        }

        /** A throwable from user code run outside an evaluation, e.g. during a tick. */
        public static Failure of(Throwable e) {
            return Outcomes.failure(e);
        }

        /** {@code java.lang.IllegalStateException: boom}, as a stack trace's first line. */
        public String headline() {
            return message == null ? exceptionClass : exceptionClass + ": " + message;
        }
    }
}
