package liveloop.console;

import java.util.List;

/** What a console asks of the session while the user types. Called on the console's thread. */
public interface Assist {
    /** Whether {@code input} is a complete snippet, or the prompt should read another line. */
    boolean isComplete(String input);

    /** What may complete {@code input} at {@code cursor}. */
    Completions complete(String input, int cursor);

    /** Signatures and documentation of what {@code input} names at {@code cursor}, one entry each. */
    List<String> documentation(String input, int cursor);

    /**
     * Texts that each replace {@code input.substring(anchor, cursor)}; one that ends in a space
     * is a whole word, which the user goes on from after a space (a command before its arguments).
     */
    record Completions(int anchor, List<String> texts) {
        public static final Completions NONE = new Completions(0, List.of());
    }
}
