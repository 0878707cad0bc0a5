package liveloop.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.function.Supplier;
import liveloop.host.Output;
import java.util.List;
import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.InfoCmp;

/**
 * A JLine terminal: line editing, history, a continuation prompt while a snippet is
 * incomplete, and host output printed above the line being typed. The only class that
 * imports JLine.
 */
public final class TerminalConsole implements Console {
    private static final String PROMPT = "> ";
    private static final String CONTINUATION = "...> ";
    private static final String DOCUMENTATION = "liveloop-documentation";
    private static final int DOCUMENTATION_LINES = 20;

    private final Terminal terminal;
    private final LineReader reader;

    /**
     * @param assist decides when Enter submits (a complete snippet), and offers completions and
     *     documentation
     * @param history the history file, or null for none
     */
    public TerminalConsole(Assist assist, Path history) {
        try {
            this.terminal = TerminalBuilder.builder().system(true).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal", e);
        }
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("liveloop")
                .parser(new SnippetParser(assist::isComplete))
                .completer(new SessionCompleter(assist))
                .highlighter(new JavaHighlighter())
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is Java, not history
                .option(LineReader.Option.AUTO_FRESH_LINE, true);
        if (history != null) {
            builder.variable(LineReader.HISTORY_FILE, history);
        }
        this.reader = builder.build();
        bindDocumentationKey(assist);
    }

    /**
     * F1 or Alt-H: the signatures of what is at the cursor, above the prompt; pressed again at
     * the same place, their documentation too (as jshell's Tab does).
     */
    private void bindDocumentationKey(Assist assist) {
        String[] lastAsked = {null};
        reader.getWidgets().put(DOCUMENTATION, () -> {
            String buffer = reader.getBuffer().toString();
            int cursor = reader.getBuffer().cursor();
            boolean again = (cursor + ":" + buffer).equals(lastAsked[0]);
            lastAsked[0] = cursor + ":" + buffer;
            List<String> docs = assist.documentation(buffer, cursor);
            if (docs.isEmpty()) {
                reader.printAbove(styled("|  no documentation for what is at the cursor", Style.HINT));
            }
            for (String doc : docs) {
                doc.lines().limit(again ? DOCUMENTATION_LINES : 1).forEach(line -> reader.printAbove(styled(line, Style.HINT)));
            }
            if (!again && docs.stream().anyMatch(doc -> doc.contains("\n"))) {
                reader.printAbove(styled("|  press again for the documentation", Style.HINT));
            }
            return true;
        });
        KeyMap<Binding> keys = reader.getKeyMaps().get(LineReader.MAIN);
        keys.bind(new Reference(DOCUMENTATION), KeyMap.key(terminal, InfoCmp.Capability.key_f1));
        keys.bind(new Reference(DOCUMENTATION), KeyMap.alt('h'));
    }

    /** Completes Java from the session's analysis, and commands from their table. */
    private static final class SessionCompleter implements Completer {
        private final Assist assist;

        SessionCompleter(Assist assist) {
            this.assist = assist;
        }

        @Override
        public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
            Assist.Completions completions = assist.complete(line.line(), line.cursor());
            // JLine replaces the word at the cursor; the session replaces from its anchor: keep
            // the part of the word before the anchor.
            String typed = line.word().substring(0, line.wordCursor());
            String replaced = line.line().substring(Math.min(completions.anchor(), line.cursor()), line.cursor());
            String kept = typed.endsWith(replaced) ? typed.substring(0, typed.length() - replaced.length()) : "";
            for (String text : completions.texts()) {
                candidates.add(new Candidate(kept + text, text, null, null, null, null, false));
            }
        }
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
