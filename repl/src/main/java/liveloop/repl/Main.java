package liveloop.repl;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import liveloop.console.PipedConsole;
import liveloop.console.TerminalConsole;
import liveloop.host.FaultPolicy;
import liveloop.host.HostStatus;
import liveloop.host.LiveLoop;
import liveloop.host.Output;
import liveloop.host.ScriptLoadException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The launcher: {@code liveloop [options] [DIR]}. */
@Command(name = "liveloop", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs a state machine from the Java scripts in DIR at a fixed tick rate; "
                + "change it while it runs by saving a script or typing Java at the prompt.",
        footer = "End of input (Ctrl-D, or the end of a pipe) stops the host, unless --ticks is given: "
                + "then the host runs on until that many ticks.")
public final class Main implements Callable<Integer> {
    static final String VERSION = "0.1";

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "scripts",
            description = "the scripts directory: every *.jsh in it is loaded and watched (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--hz", paramLabel = "N", defaultValue = "60", description = "ticks per second (default: ${DEFAULT-VALUE})")
    double hz;

    @Option(names = "--start", paramLabel = "NAME", defaultValue = "start",
            description = "the state to start in (default: ${DEFAULT-VALUE})")
    String start;

    @Option(names = "--release", description = "load the scripts once and run: no watcher, no prompt, no agent; "
            + "a script error exits 1")
    boolean release;

    @Option(names = "--on-fault", paramLabel = "POLICY", defaultValue = "pause",
            converter = FaultPolicyConverter.class,
            description = "when a behaviour throws: pause the machine, or rollback to the newest version"
                    + " that ran without error (default: ${DEFAULT-VALUE})")
    FaultPolicy onFault;

    @Option(names = "--no-repl", description = "run without a prompt")
    boolean noRepl;

    @Option(names = "--ticks", paramLabel = "N", description = "stop after N ticks and exit 0")
    Long ticks;

    /** {@code pause} or {@code rollback}, as people type them. */
    static final class FaultPolicyConverter implements CommandLine.ITypeConverter<FaultPolicy> {
        @Override
        public FaultPolicy convert(String value) {
            for (FaultPolicy policy : FaultPolicy.values()) {
                if (policy.name().equalsIgnoreCase(value)) {
                    return policy;
                }
            }
            throw new CommandLine.TypeConversionException("expected pause or rollback, was '" + value + "'");
        }
    }

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final EarlyConsole early; // null: the console is made when needed

    Main(InputStream in, PrintStream out, PrintStream err, EarlyConsole early) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.early = early;
    }

    /**
     * A terminal console in the making, and the reference through which it will find the host.
     * The console asks the host whether an input is complete, and the host prints through the
     * console, so the console is made first.
     */
    private record EarlyConsole(AtomicReference<LiveLoop> hostRef, CompletableFuture<TerminalConsole> console) {
        static EarlyConsole start() {
            AtomicReference<LiveLoop> hostRef = new AtomicReference<>();
            return new EarlyConsole(hostRef, CompletableFuture.supplyAsync(() -> terminalConsole(hostRef),
                    daemonThread("liveloop-console")));
        }
    }

    private static TerminalConsole terminalConsole(AtomicReference<LiveLoop> hostRef) {
        return new TerminalConsole(new SessionAssist(hostRef::get),
                Path.of(System.getProperty("user.home"), ".liveloop_history"));
    }

    public static void main(String[] args) {
        // In a terminal, JLine's terminal and line reader (about a quarter of a second) are made
        // on another core while picocli reads the arguments (about a sixth).
        EarlyConsole early = isTerminal() ? EarlyConsole.start() : null;
        System.exit(run(args, System.in, System.out, System.err, early));
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, err, null);
    }

    private static int run(String[] args, InputStream in, PrintStream out, PrintStream err, EarlyConsole early) {
        CommandLine cli = new CommandLine(new Main(in, out, err, early));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        boolean prompt = !noRepl && !release;
        AtomicReference<LiveLoop> hostRef;
        liveloop.console.Console console;
        if (early != null) {
            hostRef = early.hostRef();
            console = early.console().join();
            if (!prompt) {
                console.close();
                console = null;
            }
        } else {
            // The console finds the host through this reference (see EarlyConsole).
            hostRef = new AtomicReference<>();
            console = prompt ? openConsole(hostRef) : null;
        }
        Output output = console != null ? console.output() : Output.to(out, err);
        LiveLoop.Builder builder;
        try {
            // The builder checks every setting; its refusal is a usage error.
            builder = LiveLoop.builder().scripts(dir).hz(hz).start(start).release(release).faultPolicy(onFault)
                    .output(output);
            if (ticks != null) {
                builder.maxTicks(ticks);
            }
            hostRef.set(builder.build());
        } catch (IllegalArgumentException e) {
            if (console != null) {
                console.close();
            }
            return usageError(e.getMessage());
        }
        try (LiveLoop host = hostRef.get()) {
            output.line(Output.Kind.INFO, banner());
            CompletableFuture<Repl.End> session = null;
            if (prompt && console.interactive()) {
                // The prompt comes up at once and the user may type; what they enter waits for
                // the session, whose javac takes about a second to warm up.
                console.showStatus(() -> statusArea(host));
                session = prompt(host, console);
            }
            try {
                host.start();
            } catch (ScriptLoadException e) {
                err.println("liveloop: not started: the scripts have errors (listed above)");
                return 1;
            }
            if (!prompt) {
                host.stopped().join();
                return 0;
            }
            if (console.interactive()) {
                // JShell's first completion and documentation lookup load and warm much of javac
                // and the JDK's sources; done now, on the engine thread, the user's first Tab is quick.
                host.complete("S", 1);
                host.documentation("Math.max(", 9);
            }
            if (session == null) {
                session = prompt(host, console);
            }
            CompletableFuture.anyOf(session, host.stopped()).join();
            if (session.isDone() && session.join() == Repl.End.END_OF_INPUT && ticks != null) {
                host.stopped().join(); // documented: with --ticks, the host outlives its input
            }
            return 0;
        } finally {
            if (console != null) {
                console.close();
            }
        }
    }

    private static CompletableFuture<Repl.End> prompt(LiveLoop host, liveloop.console.Console console) {
        return CompletableFuture.supplyAsync(() -> new Repl(host, console).run(), daemonThread("liveloop-prompt"));
    }

    private liveloop.console.Console openConsole(AtomicReference<LiveLoop> hostRef) {
        return isTerminal()
                ? terminalConsole(hostRef)
                : new PipedConsole(in, out, err, new SessionAssist(hostRef::get)::isComplete);
    }

    /** Under the prompt: the scripts' {@code view()}, the watched expressions, and the host's state line. */
    private static List<String> statusArea(LiveLoop host) {
        if (!host.isStarted()) {
            return List.of("starting · loading the scripts"); // the loop has not ticked yet, nor been paused
        }
        List<String> lines = new ArrayList<>(host.view());
        lines.addAll(host.watches());
        lines.add(host.status().describe());
        return lines;
    }

    private String banner() {
        String mode = release ? "release mode" : "watching " + dir + "/";
        return "liveloop " + VERSION + " — " + mode + " at " + HostStatus.formatHz(hz)
                + " Hz, state: " + start + (release || noRepl ? "" : " (type /help)");
    }

    private int usageError(String reason) {
        err.println("liveloop: " + reason);
        new CommandLine(this).usage(err);
        return 2;
    }

    /** True if standard input and output are an interactive terminal. */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22+ has a console even for pipes; isTerminal() tells them apart.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK 17-21: a console exists only for a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static java.util.concurrent.Executor daemonThread(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            t.start();
        };
    }

    /** The version picocli prints for --version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"liveloop " + VERSION};
        }
    }
}
