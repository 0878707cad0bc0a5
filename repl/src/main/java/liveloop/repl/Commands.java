package liveloop.repl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import liveloop.console.Console;
import liveloop.console.Console.Style;
import liveloop.engine.SessionEntry;
import liveloop.engine.SnippetResult.Kind;
import liveloop.host.LiveLoop;
import liveloop.script.ScriptFiles;

/**
 * The prompt's commands, one small value each, registered in one list. A unique prefix
 * names a command ({@code /p} is {@code /pause}); an ambiguous one is an error.
 */
final class Commands {
    /** How long a listing waits for the engine, which may be busy compiling a save. */
    private static final long QUERY_TIMEOUT_SECONDS = 10;
    private static final Pattern WATCH = Pattern.compile("(.+?)(?:\\s+every\\s+(\\d+)\\s+ticks?)?");
    private static final Set<Kind> TYPES = EnumSet.of(Kind.CLASS, Kind.INTERFACE, Kind.ENUM, Kind.RECORD, Kind.ANNOTATION);

    /** What the prompt does after a command. */
    enum Next {
        CONTINUE,
        QUIT
    }

    @FunctionalInterface
    interface Handler {
        Next run(Commands self, String args) throws Exception;
    }

    record Command(String name, String args, String help, Handler handler) {}

    /** Every command, in the order /help lists them. */
    static final List<Command> TABLE = List.of(
            new Command("/help", "[command]", "list the commands, or describe one", Commands::help),
            new Command("/list", "", "list the snippets you typed or saved, with their ids", (self, args) -> self.list()),
            new Command("/vars", "", "list the variables with their live values", (self, args) -> self.listed(Kind.VARIABLE)),
            new Command("/methods", "", "list the methods with their signatures", (self, args) -> self.listed(Kind.METHOD)),
            new Command("/types", "", "list the classes, interfaces, enums and records", (self, args) -> self.types()),
            new Command("/imports", "", "list the imports", (self, args) -> self.listed(Kind.IMPORT)),
            new Command("/drop", "NAME|ID", "drop a declaration, by name or snippet id", Commands::drop),
            new Command("/history", "", "list what you typed this session", (self, args) -> self.history()),
            new Command("/save", "FILE", "save the snippets you typed or saved to FILE", Commands::save),
            new Command("/open", "FILE", "evaluate FILE's snippets as if typed", Commands::open),
            new Command("/goto", "STATE", "force a transition to STATE (exit and enter hooks run)", Commands::goTo),
            new Command("/state", "", "show the state, tick count, rate, last change and rejected versions", (self, args) -> self.state()),
            new Command("/pause", "", "pause the state machine (the prompt keeps working)", (self, args) -> self.pause()),
            new Command("/resume", "", "resume ticking", (self, args) -> self.resume()),
            new Command("/step", "[N]", "pause and run N ticks (default 1)", Commands::step),
            new Command("/hz", "N", "set the tick rate to N ticks per second", Commands::hz),
            new Command("/watch", "EXPR [every N ticks]", "show EXPR's value above the status bar, read every tick or every N", Commands::watch),
            new Command("/unwatch", "", "stop showing the watched expressions", (self, args) -> self.unwatch()),
            new Command("/stop", "", "stop the user code running now (a long tick or script statement)", (self, args) -> self.stop()),
            new Command("/quit", "", "stop the host and leave", (self, args) -> Next.QUIT),
            new Command("/exit", "", "the same as /quit, as in jshell", (self, args) -> Next.QUIT));

    /** A command word the table could not resolve. */
    static final class UnknownCommandException extends Exception {
        private static final long serialVersionUID = 1L;

        UnknownCommandException(String message) {
            super(message);
        }
    }

    private final LiveLoop host;
    private final Console console;
    private final List<String> history;
    private final Consumer<String> evaluator;

    /**
     * @param history this session's inputs, for {@code /history}
     * @param evaluator evaluates Java as if typed, printing the results, for {@code /open}
     */
    Commands(LiveLoop host, Console console, List<String> history, Consumer<String> evaluator) {
        this.host = host;
        this.console = console;
        this.history = history;
        this.evaluator = evaluator;
    }

    /** Runs one command line, e.g. {@code /step 3}. */
    Next run(String line) {
        String[] words = line.strip().split("\\s+", 2);
        String args = words.length > 1 ? words[1].strip() : "";
        try {
            return resolve(words[0]).handler().run(this, args);
        } catch (UnknownCommandException | IllegalArgumentException e) {
            console.println("|  " + e.getMessage(), Style.ERROR);
        } catch (IOException e) {
            console.println("|  " + words[0] + ": " + e.getMessage(), Style.ERROR);
        } catch (Exception e) {
            console.println("|  " + words[0] + " failed: " + e, Style.ERROR);
        }
        return Next.CONTINUE;
    }

    static Command resolve(String word) throws UnknownCommandException {
        List<Command> matches = TABLE.stream().filter(c -> c.name().equals(word)).collect(Collectors.toList());
        if (matches.isEmpty()) {
            matches = TABLE.stream().filter(c -> c.name().startsWith(word)).collect(Collectors.toList());
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw new UnknownCommandException("no such command: " + word + " (type /help)");
        }
        throw new UnknownCommandException("ambiguous command " + word + ": "
                + matches.stream().map(Command::name).collect(Collectors.joining(", ")));
    }

    private Next help(String args) throws UnknownCommandException {
        if (!args.isEmpty()) {
            Command c = resolve(args.startsWith("/") ? args : "/" + args);
            console.println("|  " + usage(c) + " -- " + c.help(), Style.PLAIN);
            return Next.CONTINUE;
        }
        console.println("|  Type Java to evaluate it; it runs between two ticks. Commands:", Style.PLAIN);
        int width = TABLE.stream().mapToInt(c -> usage(c).length()).max().orElse(0);
        for (Command c : TABLE) {
            console.println(String.format("|  %-" + width + "s  %s", usage(c), c.help()), Style.PLAIN);
        }
        return Next.CONTINUE;
    }

    private Next list() throws Exception {
        for (SessionEntry entry : entries()) {
            if (entry.fromUser()) {
                // jshell's layout: the id right-aligned in four columns, continuation lines under the code.
                console.println(String.format("%4s : %s", entry.id(), entry.source().replace("\n", "\n       ")), Style.PLAIN);
            }
        }
        return Next.CONTINUE;
    }

    private Next listed(Kind kind) throws Exception {
        for (SessionEntry entry : entries()) {
            if (kind == Kind.METHOD && !entry.fromUser()) {
                continue; // the host's own, such as watches
            }
            if (entry.kind() == kind || kind == Kind.VARIABLE && entry.kind() == Kind.EXPRESSION) {
                console.println("|    " + entry.summary(), Style.PLAIN);
            }
        }
        return Next.CONTINUE;
    }

    private Next types() throws Exception {
        for (SessionEntry entry : entries()) {
            if (TYPES.contains(entry.kind())) {
                console.println("|    " + entry.summary(), Style.PLAIN);
            }
        }
        return Next.CONTINUE;
    }

    private List<SessionEntry> entries() throws Exception {
        return host.entries().get(QUERY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private Next drop(String args) throws Exception {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("usage: /drop NAME|ID");
        }
        List<String> dropped = host.drop(args).get(QUERY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (dropped.isEmpty()) {
            boolean id = args.chars().allMatch(Character::isDigit) || args.matches("[se]\\d+");
            console.println("|  " + (id ? "No snippet with ID: " : "No such snippet: ") + args, Style.ERROR);
        }
        for (String line : dropped) {
            console.println("|  " + line, Style.PLAIN);
        }
        return Next.CONTINUE;
    }

    private Next save(String args) throws Exception {
        Path file = Path.of(requireArgument(args, "/save FILE"));
        StringBuilder text = new StringBuilder();
        for (SessionEntry entry : entries()) {
            if (entry.fromUser()) {
                text.append(entry.source()).append('\n');
            }
        }
        Files.writeString(file, text);
        return Next.CONTINUE;
    }

    private Next open(String args) throws Exception {
        Path file = Path.of(requireArgument(args, "/open FILE"));
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        String content = ScriptFiles.read(file);
        evaluator.accept(content);
        return Next.CONTINUE;
    }

    private Next goTo(String args) throws Exception {
        String state = requireArgument(args, "/goto STATE");
        String from = await(host.goTo(state));
        console.println("|  " + from + " -> " + state, Style.PLAIN);
        return Next.CONTINUE;
    }

    /** Waits for the host; its refusal (an IllegalArgumentException) is shown like a usage error. */
    private static <T> T await(CompletableFuture<T> work) throws Exception {
        try {
            return work.get(QUERY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) e.getCause();
            }
            throw e;
        }
    }

    private static String requireArgument(String args, String usage) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        return args;
    }

    private Next watch(String args) throws Exception {
        Matcher m = WATCH.matcher(requireArgument(args, "/watch EXPR [every N ticks]"));
        if (!m.matches()) {
            throw new IllegalArgumentException("usage: /watch EXPR [every N ticks]");
        }
        long every = m.group(2) == null ? 1 : parseCount(m.group(2));
        await(host.watch(m.group(1).strip(), every));
        console.println("|  watching " + m.group(1).strip() + (every == 1 ? " every tick" : " every " + every + " ticks")
                + "; /state shows it", Style.PLAIN);
        return Next.CONTINUE;
    }

    private Next unwatch() {
        host.unwatch();
        console.println("|  no more watches", Style.PLAIN);
        return Next.CONTINUE;
    }

    private Next history() {
        for (String input : history) {
            console.println(input, Style.PLAIN);
        }
        return Next.CONTINUE;
    }

    private Next state() throws Exception {
        console.println("|  " + host.status().describe(), Style.PLAIN);
        for (String watch : host.watches()) {
            console.println("|  " + watch, Style.PLAIN);
        }
        for (String rejected : host.rejectedVersions().get(QUERY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            console.println("|  " + rejected, Style.PLAIN);
        }
        return Next.CONTINUE;
    }

    private Next pause() {
        host.pause();
        console.println("|  paused at tick " + host.status().loop().ticks(), Style.PLAIN);
        return Next.CONTINUE;
    }

    private Next resume() {
        host.resume();
        console.println("|  running", Style.PLAIN);
        return Next.CONTINUE;
    }

    private Next stop() {
        boolean stopped = host.stopUserCode("stopped by /stop");
        console.println("|  " + (stopped ? "stopping the code running on the loop" : "no user code is running"), Style.PLAIN);
        return Next.CONTINUE;
    }

    private Next step(String args) throws Exception {
        long n = args.isEmpty() ? 1 : parseCount(args);
        double hz = host.status().loop().targetHz();
        long timeoutMillis = 5_000 + (long) (n * 2_000 / hz);
        try {
            host.step(n).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            console.println("|  still stepping after " + timeoutMillis + " ms; see /state", Style.ERROR);
            return Next.CONTINUE;
        }
        console.println("|  " + host.status().describe(), Style.PLAIN);
        return Next.CONTINUE;
    }

    private Next hz(String args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("usage: /hz N (ticks per second)");
        }
        double hz;
        try {
            hz = Double.parseDouble(args);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a rate: " + args + " (usage: /hz N)");
        }
        host.setHz(hz);
        console.println("|  rate set to " + args + " Hz", Style.PLAIN);
        return Next.CONTINUE;
    }

    private static long parseCount(String args) {
        try {
            long n = Long.parseLong(args);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the usage error below
        }
        throw new IllegalArgumentException("not a tick count: " + args + " (usage: /step [N], N >= 1)");
    }

    private static String usage(Command c) {
        return (c.name() + " " + c.args()).strip();
    }
}
