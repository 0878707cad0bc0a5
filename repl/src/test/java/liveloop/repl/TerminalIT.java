package liveloop.repl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher in a real pseudo-terminal (tmux), checked by reading the screen. */
class TerminalIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final String session = "liveloop-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    @BeforeEach
    void needsTmux() {
        assumeTrue(run("tmux", "-V") == 0, "tmux is not installed");
    }

    @AfterEach
    void killSession() {
        run("tmux", "kill-session", "-t", session);
    }

    @Test
    void thePromptStaysIntactWhileTheLoopPrintsAndAMultiLineMethodRedefinesAState() throws Exception {
        Files.writeString(dir.resolve("blink.jsh"), "int n = 0;\n"
                + "String start() { return ++n % 25 == 0 ? \"other\" : \"start\"; }\n"
                + "String other() { return \"start\"; }\n"
                + "void enter_other() { System.out.println(\"blink \" + n); }\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -jar " + LauncherProcess.jar() + " --hz 50 " + dir;
        assertThat(run("tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command)).isZero();

        awaitScreen(screen -> screen.contains("blink ") && lastLine(screen).equals(">"));
        keys("int typed = 4");
        // Loop output keeps arriving while the line is being typed; the line survives it.
        String before = screen();
        awaitScreen(screen -> countBlinks(screen) > countBlinks(before));
        assertThat(lastLine(screen())).isEqualTo("> int typed = 4");
        keys("0;", "Enter");
        awaitScreen(screen -> screen.contains("typed ==> 40"));

        // Tab completes the session's own names; Alt-H shows the signature at the cursor.
        keys("typ", "Tab");
        awaitScreen(screen -> lastLine(screen).equals("> typed"));
        keys("C-u", "Math.ma", "Tab");
        awaitScreen(screen -> lastLine(screen).equals("> Math.max("));
        keys("M-h");
        awaitScreen(screen -> screen.contains("int Math.max(int a, int b)") && lastLine(screen).equals("> Math.max("));
        keys("C-u");

        keys("String other() {", "Enter");
        awaitScreen(screen -> lastLine(screen).startsWith("...>"));
        keys("  System.out.println(\"new other \" + n); return \"start\"; }", "Enter");
        awaitScreen(screen -> screen.contains("|  modified method other()"));
        awaitScreen(screen -> screen.contains("new other "));

        // Ctrl-C stops an evaluation that never returns; the host and its state live on.
        keys("{ System.out.println(\"spinning\"); while (true) { typed++; } }", "Enter");
        // The evaluation's own output line, not the echoed input: a ^C typed before the reader has
        // handed the line over would be read as a key and cancel the next line instead.
        awaitScreen(screen -> screen.lines().anyMatch(line -> line.strip().equals("spinning")));
        keys("C-c");
        awaitScreen(screen -> screen.contains("|  Stopped: stopped by Ctrl-C") && lastLine(screen).equals(">"));
        long blinks = countBlinks(screen());
        awaitScreen(screen -> countBlinks(screen) > blinks);

        keys("/state", "Enter");
        awaitScreen(screen -> screen.contains("|  state ") && lastLine(screen).equals(">"));
        keys("C-d");
        awaitScreen(screen -> !sessionAlive());
    }

    /** The newest blink on screen (a count, so it grows even when the screen has scrolled). */
    private static long countBlinks(String screen) {
        return screen.lines().filter(l -> l.startsWith("blink ")).mapToLong(l -> Long.parseLong(l.substring(6).strip()))
                .max().orElse(0);
    }

    private static String lastLine(String screen) {
        List<String> lines = new ArrayList<>(screen.lines().map(String::stripTrailing).toList());
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** Types each of {@code keys}: a key name (Enter, Tab, C-x, M-x) as that key, anything else as text. */
    private void keys(String... keys) {
        for (String key : keys) {
            boolean named = key.equals("Enter") || key.equals("Tab") || key.startsWith("C-") || key.startsWith("M-");
            String[] command = named ? new String[] {"tmux", "send-keys", "-t", session, key}
                    : new String[] {"tmux", "send-keys", "-t", session, "-l", key};
            assertThat(run(command)).isZero();
        }
    }

    private boolean sessionAlive() {
        return run("tmux", "has-session", "-t", session) == 0;
    }

    private String screen() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tmux", "capture-pane", "-p", "-t", session).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return text;
    }

    private void awaitScreen(Predicate<String> condition) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = sessionAlive() ? screen() : "";
            if (condition.test(screen)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("screen never matched within " + TIMEOUT + ":\n" + screen);
    }

    private static int run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1; // not installed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
