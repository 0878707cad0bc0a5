package liveloop.repl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import liveloop.console.Assist;
import liveloop.engine.JavaTokens;
import liveloop.engine.JShellEngine;
import liveloop.engine.SessionEntry;
import liveloop.engine.SnippetResult.Kind;
import liveloop.host.LiveLoop;

/**
 * What the prompt offers while the user types: Java from the session's analysis; command names,
 * and each command's arguments (states for {@code /goto}, declarations for {@code /drop}, files
 * for {@code /open} and {@code /save}, commands for {@code /help}).
 */
final class SessionAssist implements Assist {
    /**
     * Typing must never hang for long on an engine that is busy compiling a save; long enough
     * for a completion on a loaded machine.
     */
    private static final long TIMEOUT_MILLIS = 5_000;
    /** Documentation is wrapped to this many columns: readable on any terminal worth typing in. */
    private static final int DOCUMENTATION_WIDTH = 80;

    private final Supplier<LiveLoop> host;

    SessionAssist(Supplier<LiveLoop> host) {
        this.host = host;
    }

    // The line reader asks these while it holds its lock, and nothing is drawn meanwhile (not
    // the status bar, not the host's output): while the host starts, which takes about a second,
    // they answer without the session rather than wait for it.

    /** The host, or null while it starts. */
    private LiveLoop started() {
        LiveLoop loop = host.get();
        return loop.isStarted() ? loop : null;
    }

    @Override
    public boolean isComplete(String input) {
        LiveLoop loop = started();
        // Without the session, so that a method typed then still reads as one input; the session's
        // analysis, once up, also knows a statement needs its semicolon.
        return loop == null ? JavaTokens.closesEverything(input) : loop.isComplete(input).join();
    }

    @Override
    public Completions complete(String input, int cursor) {
        String before = input.substring(0, cursor);
        if (before.stripLeading().startsWith("/")) {
            return completeCommand(before);
        }
        LiveLoop loop = started();
        if (loop == null) {
            return Completions.NONE;
        }
        try {
            JShellEngine.Completions c = loop.complete(input, cursor).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            return new Completions(c.anchor(), c.texts());
        } catch (Exception e) {
            return Completions.NONE;
        }
    }

    @Override
    public List<String> documentation(String input, int cursor) {
        LiveLoop loop = started();
        if (loop == null) {
            return List.of();
        }
        try {
            // Asked for by a key press, and the first lookup reads the JDK's sources: worth a wait.
            return loop.documentation(input, cursor).get(3 * TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).stream()
                    .map(SessionAssist::plainText)
                    .toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    /** A signature, then its javadoc (if any) as plain text rather than HTML and tags. */
    private static String plainText(String signatureAndJavadoc) {
        int newline = signatureAndJavadoc.indexOf('\n');
        if (newline < 0) {
            return signatureAndJavadoc;
        }
        String signature = signatureAndJavadoc.substring(0, newline);
        String text = JavadocText.toPlainText(signatureAndJavadoc.substring(newline + 1), DOCUMENTATION_WIDTH);
        return text.isBlank() ? signature : signature + "\n" + text;
    }

    private Completions completeCommand(String before) {
        int space = before.indexOf(' ');
        if (space < 0) {
            int start = before.indexOf('/');
            // A command that takes arguments is completed with the space before them, as jshell does.
            return new Completions(start, matching(Commands.TABLE.stream()
                    .map(c -> c.args().isEmpty() ? c.name() : c.name() + " "), before.substring(start)));
        }
        String word = before.substring(before.lastIndexOf(' ') + 1);
        int anchor = before.length() - word.length();
        Commands.Command command;
        try {
            command = Commands.resolve(before.substring(0, space).strip());
        } catch (Commands.UnknownCommandException e) {
            return Completions.NONE;
        }
        switch (command.name()) {
            case "/help":
                return new Completions(anchor, matching(Commands.TABLE.stream().map(Commands.Command::name), word));
            case "/goto":
                return new Completions(anchor, matching(entries().stream()
                        .filter(e -> e.kind() == Kind.METHOD && e.summary().matches("(java\\.lang\\.)?String \\w+\\(\\)"))
                        .map(e -> e.summary().replaceFirst(".* (\\w+)\\(\\)", "$1")), word));
            case "/drop":
                return new Completions(anchor, matching(entries().stream()
                        .filter(e -> e.fromUser() && e.kind().isDeclaration() && e.kind() != Kind.IMPORT)
                        .map(e -> e.summary().replaceFirst("\\(.*", "").replaceFirst(" = .*", "").replaceFirst(".* ", "")), word));
            case "/open":
            case "/save":
                return new Completions(anchor, files(word));
            default:
                return Completions.NONE;
        }
    }

    private List<SessionEntry> entries() {
        LiveLoop loop = started();
        if (loop == null) {
            return List.of();
        }
        try {
            return loop.entries().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return List.of();
        }
    }

    /** Paths that complete {@code typed}: the entries of its directory whose names start with the rest. */
    private static List<String> files(String typed) {
        int slash = typed.lastIndexOf('/');
        String dirPart = slash < 0 ? "" : typed.substring(0, slash + 1);
        Path dir = Path.of(dirPart.isEmpty() ? "." : dirPart);
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(p -> names.add(dirPart + p.getFileName() + (Files.isDirectory(p) ? "/" : "")));
        } catch (IOException e) {
            return List.of();
        }
        return matching(names.stream(), typed);
    }

    private static List<String> matching(Stream<String> names, String prefix) {
        return names.filter(n -> n.startsWith(prefix)).distinct().sorted().toList();
    }
}
