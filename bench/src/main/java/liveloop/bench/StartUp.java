package liveloop.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * From launching a process to its prompt having evaluated {@code 1+1}: the time until the
 * {@code $1 ==> 2} line (the jshell tool's form) appears on its standard output, with
 * {@code 1+1} and {@code /exit} piped to its standard input as a user would type them. The
 * number is the snippet's id, so after a script's snippets liveloop prints {@code $3 ==> 2}.
 */
final class StartUp {
    static final String INPUT = "1+1\n/exit\n";
    static final Pattern FIRST_RESULT = Pattern.compile("\\$\\d+ ==> 2");
    private static final long TIMEOUT_MILLIS = 60_000;

    private StartUp() {}

    /**
     * The {@code liveloop} script, as a user starts it, on a one-file scripts directory: with the
     * class archive it keeps beside the jar (one run, not timed, makes it if it is missing), on
     * the JDK running the bench.
     */
    static Samples script(Path script, int runs) throws Exception {
        return onLightScript(dir -> {
            List<String> command = List.of("bash", script.toAbsolutePath().toString(), dir.toString());
            timeToFirstResult(command);
            return time(command, runs, "./liveloop start-ups", StartUp::timeToFirstResult);
        });
    }

    /**
     * The {@code liveloop} script in a terminal, which util-linux {@code script(1)} gives it:
     * launch to the line reader's first prompt, where the user can type (what they enter then
     * waits for the session). Empty if there is no {@code script(1)}.
     */
    static Optional<Samples> promptInTerminal(Path script, int runs) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/script"))) {
            return Optional.empty();
        }
        return Optional.of(onLightScript(dir -> time(List.of("/usr/bin/script", "-qfec",
                "bash '" + script.toAbsolutePath() + "' '" + dir + "'", "/dev/null"), runs,
                "./liveloop prompts in a terminal", StartUp::timeToPrompt)));
    }

    /**
     * JLine turns on bracketed paste as it starts reading a line, just before it draws the prompt:
     * the moment the prompt is up.
     */
    private static final String PROMPT_UP = "\u001b[?2004h";

    private static double timeToPrompt(List<String> command) throws Exception {
        long launchedAt = System.nanoTime();
        ProcessBuilder builder = onBenchJdk(new ProcessBuilder(command).redirectErrorStream(true));
        builder.environment().put("TERM", "xterm-256color");
        Process process = builder.start();
        try {
            CompletableFuture<Long> prompted = new CompletableFuture<>();
            StringBuilder seen = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (InputStreamReader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
                    char[] buffer = new char[4096];
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        seen.append(buffer, 0, n);
                        if (!prompted.isDone() && seen.indexOf(PROMPT_UP) >= 0) {
                            prompted.complete(System.nanoTime());
                        }
                    }
                } catch (IOException _closed) {
                    // destroyed: what was read is all there is
                }
                prompted.completeExceptionally(new IllegalStateException("exited before its prompt: " + seen));
            }, "bench-terminal-reader");
            reader.setDaemon(true);
            reader.start();
            long promptAt = prompted.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            try (OutputStream in = process.getOutputStream()) {
                in.write("/exit\r".getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(String.join(" ", command) + " did not exit after /exit");
            }
            return (promptAt - launchedAt) / 1e6;
        } finally {
            process.destroyForcibly();
        }
    }

    /** {@code java -jar liveloop.jar DIR}: the jar alone, with no class archive. */
    static Samples jar(Path launcherJar, int runs) throws Exception {
        return onLightScript(dir -> time(List.of(javaTool("java"), "-jar", launcherJar.toAbsolutePath().toString(),
                dir.toString()), runs, "java -jar start-ups", StartUp::timeToFirstResult));
    }

    @FunctionalInterface
    private interface InDirectory {
        Samples run(Path dir) throws Exception;
    }

    private static Samples onLightScript(InDirectory timed) throws Exception {
        Path dir = Files.createTempDirectory("liveloop-bench-startup");
        Path script = dir.resolve("light.jsh");
        Files.writeString(script, "int n = 0;\nString start() { n++; return \"start\"; }\n");
        try {
            return timed.run(dir);
        } finally {
            Files.delete(script);
            Files.delete(dir);
        }
    }

    /** The JDK's {@code jshell} tool, {@code jshell -q}, for comparison. */
    static Samples jshell(int runs) throws Exception {
        return time(List.of(javaTool("jshell"), "-q"), runs, "jshell start-ups", StartUp::timeToFirstResult);
    }

    /** A tool of the JDK running the bench, so both columns use one JDK. */
    static String javaTool(String name) {
        Path tool = Path.of(System.getProperty("java.home"), "bin", name);
        if (!Files.isExecutable(tool)) {
            throw new IllegalStateException(tool + " not found: run the bench on a JDK, not a JRE");
        }
        return tool.toString();
    }

    /** Milliseconds from launching a command to the moment a timing looks for. */
    @FunctionalInterface
    private interface Timing {
        double millis(List<String> command) throws Exception;
    }

    private static Samples time(List<String> command, int runs, String what, Timing timing) throws Exception {
        Samples millis = new Samples();
        for (int i = 0; i < runs; i++) {
            millis.add(timing.millis(command));
            Progress.every(5, i + 1, runs, what);
        }
        return millis;
    }

    /** {@code builder} with the JDK running the bench first on the PATH: the script runs the first java there. */
    private static ProcessBuilder onBenchJdk(ProcessBuilder builder) {
        builder.environment().put("PATH", Path.of(javaTool("java")).getParent() + java.io.File.pathSeparator
                + System.getenv("PATH"));
        return builder;
    }

    /** Milliseconds from starting {@code command} to its {@code $N ==> 2} line. */
    static double timeToFirstResult(List<String> command) throws Exception {
        long launchedAt = System.nanoTime();
        Process process = onBenchJdk(new ProcessBuilder(command)).start();
        try {
            CompletableFuture<Long> firstResult = new CompletableFuture<>();
            List<String> out = new CopyOnWriteArrayList<>();
            List<String> err = new CopyOnWriteArrayList<>();
            Thread outReader = read(process.getInputStream(), out, line -> {
                if (FIRST_RESULT.matcher(line).find()) {
                    firstResult.complete(System.nanoTime());
                }
            });
            Thread errReader = read(process.getErrorStream(), err, line -> {});
            try (OutputStream in = process.getOutputStream()) {
                in.write(INPUT.getBytes(StandardCharsets.UTF_8));
            }
            long resultAt;
            try {
                // A process that ends without the line fails at once rather than at the timeout.
                process.onExit().thenRun(() -> firstResult.completeExceptionally(
                        new IllegalStateException("exited " + process.exitValue() + " before printing it")));
                resultAt = firstResult.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException(String.join(" ", command) + ": no \"$N ==> 2\" line ("
                        + (e instanceof TimeoutException ? "timed out" : e.getCause().getMessage()) + "); out: " + out
                        + "; err: " + err, e);
            }
            if (!process.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(String.join(" ", command) + " did not exit after /exit");
            }
            outReader.join(TIMEOUT_MILLIS);
            errReader.join(TIMEOUT_MILLIS);
            return (resultAt - launchedAt) / 1e6;
        } finally {
            process.destroyForcibly();
        }
    }

    private static Thread read(InputStream stream, List<String> lines, Consumer<String> onLine) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                    onLine.accept(line);
                }
            } catch (IOException _closed) {
                // The process was destroyed mid-line: what was read is all there is.
            }
        }, "bench-process-reader");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
