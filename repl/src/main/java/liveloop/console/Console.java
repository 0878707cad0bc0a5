package liveloop.console;

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
