package liveloop.console;

import java.util.List;
import java.util.function.Supplier;
import liveloop.host.Output;

/**
 * The prompt's side of the terminal: reads complete inputs, prints results, and shows host
 * output without disturbing the line being typed. Two implementations: a JLine terminal and a
 * plain pipe.
 */
public interface Console extends AutoCloseable {
    /**
     * Reads one complete input, which may span several lines (an open method body continues
     * on the next line).
     *
     * @return the input, an empty string if the user cancelled the line, or null at end of input
     */
    String read();

    /** Prints a result of the user's input. */
    void println(String text, Style style);

    /** Where host and program output goes while the prompt runs. */
    Output output();

    /**
     * Runs {@code work} (an evaluation the prompt waits for); an interrupt the user types
     * meanwhile (Ctrl-C) calls {@code onInterrupt} instead of ending the program.
     */
    default <T> T interruptibly(Supplier<T> work, Runnable onInterrupt) {
        return work.get();
    }

    /**
     * Keeps {@code lines} on screen under the prompt, refreshed a few times a second, the last
     * one as a status bar; a console that cannot (a pipe, a dumb terminal) shows nothing.
     */
    default void showStatus(Supplier<List<String>> lines) {}

    /** Whether this console is an interactive terminal (hints and colours) or a pipe. */
    boolean interactive();

    @Override
    void close();

    enum Style {
        PLAIN,
        ERROR,
        HINT
    }
}
