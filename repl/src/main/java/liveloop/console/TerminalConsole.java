package liveloop.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import liveloop.host.Output;
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
 * incomplete, host output printed above the line being typed, and a status area under it.
 * With {@link StatusArea}, the only code that uses JLine.
 */
public final class TerminalConsole implements Console {
    private static final String PROMPT = "> ";
    private static final String CONTINUATION = "...> ";
    private static final String DOCUMENTATION = "liveloop-documentation";
    /** Per overload: enough for the description and sections of String.format (about 25 lines). */
    private static final int DOCUMENTATION_LINES = 30;

    private final Terminal terminal;
    private final LineReader reader;
    private final StatusArea statusArea;
    private final Object screen = new Object(); // held by every write, so none interleave
    private final ScreenWriter screenWriter;

    /**
     * On the process's own terminal.
     *
     * @param assist decides when Enter submits (a complete snippet), and offers completions and
     *     documentation
     * @param history the history file, or null for none
     */
    public TerminalConsole(Assist assist, Path history) {
        this(systemTerminal(), assist, history);
    }

    /** On {@code terminal}, which the console closes. */
    public TerminalConsole(Terminal terminal, Assist assist, Path history) {
        this.terminal = terminal;
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
            ownerOnly(history);
            builder.variable(LineReader.HISTORY_FILE, history);
        }
        this.reader = builder.build();
        this.statusArea = new StatusArea(screen, terminal, reader);
        bindDocumentationKey(assist);
        this.screenWriter = new ScreenWriter(dropped -> printAbove(styled(
                "|  " + dropped + " lines of output not shown: printed faster than the terminal shows them", Style.HINT)));
    }

    /**
     * History holds whatever was typed, secrets included: only its owner may read it (JLine warns,
     * in the middle of the screen, about a history file others can read).
     */
    private static void ownerOnly(Path history) {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        try {
            if (Files.notExists(history)) {
                Files.createFile(history, PosixFilePermissions.asFileAttribute(ownerOnly));
            } else {
                Files.setPosixFilePermissions(history, ownerOnly);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system, or not our file: JLine's own warning says the rest.
            System.getLogger(TerminalConsole.class.getName()).log(System.Logger.Level.DEBUG, "history permissions", e);
        }
    }

    private static Terminal systemTerminal() {
        try {
            return TerminalBuilder.builder().system(true).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal", e);
        }
    }

    /**
     * Tab completes. F1 or Alt-H: the signatures of what is at the cursor, above the prompt; pressed again at
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
            for (int i = 0; i < docs.size(); i++) {
                if (again && i > 0) {
                    reader.printAbove(""); // overloads read apart
                }
                List<String> lines = docs.get(i).lines().toList();
                int shown = again ? Math.min(lines.size(), DOCUMENTATION_LINES) : 1;
                lines.subList(0, shown).forEach(line -> reader.printAbove(styled(line, Style.HINT)));
                if (again && shown < lines.size()) {
                    reader.printAbove(styled("|  ... " + (lines.size() - shown) + " more lines", Style.HINT));
                }
            }
            if (!again && docs.stream().anyMatch(doc -> doc.contains("\n"))) {
                reader.printAbove(styled("|  press again for the documentation", Style.HINT));
            }
            return true;
        });
        KeyMap<Binding> keys = reader.getKeyMaps().get(LineReader.MAIN);
        keys.bind(new Reference(DOCUMENTATION), KeyMap.key(terminal, InfoCmp.Capability.key_f1));
        keys.bind(new Reference(DOCUMENTATION), KeyMap.alt('h'));
        // A dumb terminal (an editor's shell buffer) gets JLine's dumb key map, where Tab inserts a
        // tab; completion works there too.
        keys.bind(new Reference(LineReader.COMPLETE_WORD), "\t");
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
                // JLine would escape a space in the value; a complete candidate gets one added.
                boolean whole = text.endsWith(" ");
                String value = kept + text.strip();
                candidates.add(new Candidate(value, text.strip(), null, null, null, null, whole));
            }
        }
    }

    @Override
    public String read() {
        try {
            statusArea.refreshNow();
            return reader.readLine(PROMPT);
        } catch (UserInterruptException e) {
            return ""; // Ctrl-C drops the line being typed, never the host
        } catch (EndOfFileException e) {
            return null;
        }
    }

    /** After the output sent before it, so that a result follows what its evaluation printed. */
    @Override
    public void println(String text, Style style) {
        screenWriter.sendAndWait(() -> {
            synchronized (screen) {
                terminal.writer().println(styled(text, style).toAnsi(terminal));
                terminal.writer().flush();
            }
        });
    }

    /** Returns at once, whatever the line reader is doing (see {@link ScreenWriter}). */
    @Override
    public Output output() {
        return (kind, text) -> {
            AttributedString line = styled(text, kind == Output.Kind.ERROR || kind == Output.Kind.ERR ? Style.ERROR
                    : kind == Output.Kind.INFO ? Style.HINT : Style.PLAIN);
            screenWriter.send(() -> printAbove(line));
        };
    }

    private void printAbove(AttributedString line) {
        synchronized (screen) {
            reader.printAbove(line);
        }
    }

    @Override
    public void showStatus(Supplier<List<String>> lines) {
        statusArea.show(lines);
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
        screenWriter.close();
        statusArea.close();
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
