package liveloop.repl;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import liveloop.console.Console;
import liveloop.console.Console.Style;
import liveloop.host.LiveLoop;

/**
 * The prompt's commands, one small value each, registered in one list. A unique prefix
 * names a command ({@code /p} is {@code /pause}); an ambiguous one is an error.
 */
final class Commands {
    /** What the prompt does after a command. */
    enum Next {
        CONTINUE,
        QUIT
    }

    @FunctionalInterface
    interface Handler {
        Next run(String args) throws Exception;
    }

    record Command(String name, String args, String help, Handler handler) {}

    /** A command word the table could not resolve. */
    static final class UnknownCommandException extends Exception {
        private static final long serialVersionUID = 1L;

        UnknownCommandException(String message) {
            super(message);
        }
    }

    private final LiveLoop host;
    private final Console console;
    private final List<Command> table;

    Commands(LiveLoop host, Console console) {
        this.host = host;
        this.console = console;
        this.table = List.of(
                new Command("/help", "[command]", "list the commands, or describe one", this::help),
                new Command("/state", "", "show the state, tick count, rate, last change and rejected versions", args -> state()),
                new Command("/pause", "", "pause the state machine (the prompt keeps working)", args -> pause()),
                new Command("/resume", "", "resume ticking", args -> resume()),
                new Command("/step", "[N]", "pause and run N ticks (default 1)", this::step),
                new Command("/hz", "N", "set the tick rate to N ticks per second", this::hz),
                new Command("/stop", "", "stop the user code running now (a long tick or script statement)", args -> stop()),
                new Command("/quit", "", "stop the host and leave", args -> Next.QUIT),
                new Command("/exit", "", "the same as /quit, as in jshell", args -> Next.QUIT));
    }

    /** Runs one command line, e.g. {@code /step 3}. */
    Next run(String line) {
        String[] words = line.strip().split("\\s+", 2);
        String args = words.length > 1 ? words[1].strip() : "";
        try {
            return resolve(words[0]).handler().run(args);
        } catch (UnknownCommandException | IllegalArgumentException e) {
            console.println("|  " + e.getMessage(), Style.ERROR);
        } catch (Exception e) {
            console.println("|  " + words[0] + " failed: " + e, Style.ERROR);
        }
        return Next.CONTINUE;
    }

    Command resolve(String word) throws UnknownCommandException {
        List<Command> matches = table.stream().filter(c -> c.name().equals(word)).collect(Collectors.toList());
        if (matches.isEmpty()) {
            matches = table.stream().filter(c -> c.name().startsWith(word)).collect(Collectors.toList());
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
        for (Command c : table) {
            console.println(String.format("|  %-14s %s", usage(c), c.help()), Style.PLAIN);
        }
        return Next.CONTINUE;
    }

    private Next state() throws Exception {
        console.println("|  " + host.status().describe(), Style.PLAIN);
        for (String rejected : host.rejectedVersions().get(5, TimeUnit.SECONDS)) {
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
