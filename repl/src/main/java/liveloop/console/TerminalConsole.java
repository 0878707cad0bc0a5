package liveloop.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.function.Supplier;
import liveloop.host.Output;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * A JLine terminal: line editing, history, a continuation prompt while a snippet is
 * incomplete, and host output printed above the line being typed. The only class that
 * imports JLine.
 */
public final class TerminalConsole implements Console {
    private static final String PROMPT = "> ";
    private static final String CONTINUATION = "...> ";

    private final Terminal terminal;
    private final LineReader reader;

    /**
     * @param isComplete whether an input is a complete snippet; decides when Enter submits
     * @param history the history file, or null for none
     */
    public TerminalConsole(Predicate<String> isComplete, Path history) {
        try {
            this.terminal = TerminalBuilder.builder().system(true).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal", e);
        }
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("liveloop")
                .parser(new SnippetParser(isComplete))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true); // '!' is Java, not history
        if (history != null) {
            builder.variable(LineReader.HISTORY_FILE, history);
        }
        this.reader = builder.build();
    }

    @Override
    public String read() {
        try {
            return reader.readLine(PROMPT);
        } catch (UserInterruptException e) {
            return ""; // Ctrl-C drops the line being typed, never the host
        } catch (EndOfFileException e) {
            return null;
        }
    }

    @Override
    public void println(String text, Style style) {
        terminal.writer().println(styled(text, style).toAnsi(terminal));
        terminal.writer().flush();
    }

    @Override
    public Output output() {
        return (kind, text) -> reader.printAbove(styled(text, kind == Output.Kind.ERROR || kind == Output.Kind.ERR
                ? Style.ERROR : kind == Output.Kind.INFO ? Style.HINT : Style.PLAIN));
    }

    @Override
    public <T> T interruptibly(Supplier<T> work, Runnable onInterrupt) {
        // JLine installs its own handler only while reading a line; between lines Ctrl-C would
        // otherwise reach the JVM's default and end the host.
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> {
            terminal.writer().println(); // after the ^C the terminal echoed
            onInterrupt.run();
        });
        try {
            return work.get();
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public void close() {
        try {
            reader.getHistory().save();
            terminal.close();
        } catch (IOException e) {
            // Closing at exit: a history that cannot be saved is not worth failing the exit for.
            System.getLogger(TerminalConsole.class.getName()).log(System.Logger.Level.DEBUG, "closing terminal", e);
        }
    }

    private static AttributedString styled(String text, Style style) {
        switch (style) {
            case ERROR:
                return new AttributedString(text, AttributedStyle.DEFAULT.foreground(AttributedStyle.RED));
            case HINT:
                return new AttributedString(text, AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN));
            default:
                return new AttributedString(text);
        }
    }

    /** Asks for another line, with the continuation prompt, while the snippet is incomplete. */
    private static final class SnippetParser extends DefaultParser {
        private final Predicate<String> isComplete;

        SnippetParser(Predicate<String> isComplete) {
            this.isComplete = isComplete;
        }

        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            if (context == ParseContext.ACCEPT_LINE && !line.isBlank() && !line.strip().startsWith("/")
                    && !isComplete.test(line)) {
                throw new EOFError(-1, cursor, "incomplete snippet");
            }
            return super.parse(line, cursor, context);
        }
    }
}
