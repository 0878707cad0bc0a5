package liveloop.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The packaged launcher run as a process, as a user runs it; its output read line by line. */
final class LauncherProcess implements AutoCloseable {
    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private LauncherProcess(Process process) {
        this.process = process;
        this.outReader = drain(process.getInputStream(), out);
        this.errReader = drain(process.getErrorStream(), err);
    }

    /** Starts {@code java -jar liveloop.jar args} on the JDK running the tests. */
    static LauncherProcess start(Path workDir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        return new LauncherProcess(new ProcessBuilder(command).directory(workDir.toFile()).start());
    }

    /**
     * Starts the {@code liveloop} script beside the jar's module, as a user runs it, with the
     * JDK running the tests first on the PATH.
     */
    static LauncherProcess startScript(Path workDir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", script().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + java.io.File.pathSeparator
                + System.getenv("PATH"));
        return new LauncherProcess(builder.start());
    }

    /** The repository's {@code liveloop} script: it runs {@code repl/target/liveloop.jar}. */
    static Path script() {
        String root = System.getProperty("liveloop.root");
        assertThat(root).as("system property liveloop.root (set by failsafe)").isNotNull();
        return Path.of(root, "liveloop");
    }

    static Path jar() {
        String jar = System.getProperty("liveloop.jar");
        assertThat(jar).as("system property liveloop.jar (set by failsafe)").isNotNull();
        return Path.of(jar);
    }

    void type(String text) throws IOException {
        process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    void endInput() throws IOException {
        process.getOutputStream().close();
    }

    /** Waits for a stdout line that matches, and returns it. */
    String awaitLine(Predicate<String> matches, Duration timeout) throws InterruptedException {
        return awaitLineAfter(0, matches, timeout);
    }

    /** Waits for a stdout line at index {@code from} or later that matches. */
    String awaitLineAfter(int from, Predicate<String> matches, Duration timeout) throws InterruptedException {
        int index = awaitIndex(from, matches, timeout);
        synchronized (out) {
            return out.get(index);
        }
    }

    /** Waits for a stdout line at index {@code from} or later that matches, and returns its index. */
    int awaitIndex(int from, Predicate<String> matches, Duration timeout) throws InterruptedException {
        return await(out, from, matches, timeout);
    }

    /** Waits for a stderr line that matches, and returns it. */
    String awaitErrorLine(Predicate<String> matches, Duration timeout) throws InterruptedException {
        int index = await(err, 0, matches, timeout);
        synchronized (err) {
            return err.get(index);
        }
    }

    private int await(List<String> lines, int from, Predicate<String> matches, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (int i = from; i < lines.size(); i++) {
                    if (matches.test(lines.get(i))) {
                        return i;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching line within " + timeout + "; stdout:\n" + stdout()
                            + "\nstderr:\n" + stderr());
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    int lineCount() {
        synchronized (out) {
            return out.size();
        }
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + "; stdout:\n" + stdout() + "\nstderr:\n" + stderr());
        }
        outReader.join(timeout.toMillis());
        errReader.join(timeout.toMillis());
        return process.exitValue();
    }

    String stdout() {
        synchronized (out) {
            return String.join("\n", out);
        }
    }

    String stderr() {
        synchronized (err) {
            return String.join("\n", err);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static Thread drain(InputStream stream, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // The process was killed: its streams close under us, and what was read stays.
            }
        }, "launcher-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
