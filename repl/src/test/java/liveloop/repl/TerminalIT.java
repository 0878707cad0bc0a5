package liveloop.repl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher in a real pseudo-terminal (tmux), checked by reading the screen. */
class TerminalIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern STATUS_BAR = Pattern.compile("state \\w+ · tick (\\d+) · [0-9.]+/50 Hz · running.*");

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
        // Its own home, so the session's history file is not the developer's.
        String command = java + " -Duser.home=" + dir + " -jar " + LauncherProcess.jar() + " --hz 50 " + dir;
        assertThat(run("tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command)).isZero();

        awaitScreen(screen -> screen.contains("blink ") && promptLine(screen).equals(">"));
        // The status bar stays at the bottom, under the prompt, and counts ticks as they run.
        long tick = statusTick(screen());
        assertThat(tick).as("status bar at the bottom of:\n" + screen()).isPositive();
        awaitScreen(screen -> statusTick(screen) > tick);
        keys("int typed = 4");
        // Loop output keeps arriving while the line is being typed; the line survives it.
        String before = screen();
        awaitScreen(screen -> countBlinks(screen) > countBlinks(before));
        assertThat(promptLine(screen())).isEqualTo("> int typed = 4");
        keys("0;", "Enter");
        awaitScreen(screen -> screen.contains("typed ==> 40"));

        // Tab completes the session's own names; Alt-H shows the signature at the cursor.
        keys("typ", "Tab");
        awaitScreen(screen -> promptLine(screen).equals("> typed"));
        keys("C-u", "Math.ma", "Tab");
        awaitScreen(screen -> promptLine(screen).equals("> Math.max("));
        keys("M-h");
        awaitScreen(screen -> screen.contains("int Math.max(int a, int b)") && promptLine(screen).equals("> Math.max("));
        keys("C-u");

        keys("String other() {", "Enter");
        awaitScreen(screen -> promptLine(screen).startsWith("...>"));
        keys("  System.out.println(\"new other \" + n); return \"start\"; }", "Enter");
        awaitScreen(screen -> screen.contains("|  modified method other()"));
        awaitScreen(screen -> screen.contains("new other "));

        // Ctrl-C stops an evaluation that never returns; the host and its state live on.
        keys("{ System.out.println(\"spinning\"); while (true) { typed++; } }", "Enter");
        // The evaluation's own output line, not the echoed input: a ^C typed before the reader has
        // handed the line over would be read as a key and cancel the next line instead.
        awaitScreen(screen -> screen.lines().anyMatch(line -> line.strip().equals("spinning")));
        keys("C-c");
        awaitScreen(screen -> screen.contains("|  Stopped: stopped by Ctrl-C") && promptLine(screen).equals(">"));
        long blinks = countBlinks(screen());
        awaitScreen(screen -> countBlinks(screen) > blinks);

        // The scripts' view() and watched expressions are drawn in the status area, above the bar.
        keys("String view() { return \"view: n is \" + n; }", "Enter");
        awaitScreen(screen -> screen.lines().anyMatch(line -> line.startsWith("view: n is ")) && statusTick(screen) > 0);
        keys("/watch typed", "Enter");
        awaitScreen(screen -> bottomLines(screen, 3).get(0).startsWith("view: n is ")
                && bottomLines(screen, 3).get(1).matches("typed = \\d+") && statusTick(screen) > 0);

        keys("/state", "Enter");
        awaitScreen(screen -> screen.contains("|  state ") && promptLine(screen).equals(">"));
        keys("C-d");
        awaitScreen(screen -> !sessionAlive());
        // History outlives the session, in a file only its owner reads.
        Path history = dir.resolve(".liveloop_history");
        assertThat(Files.readString(history)).contains("int typed = 40", "/watch typed");
        assertThat(Files.getPosixFilePermissions(history)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    /** The newest blink on screen (a count, so it grows even when the screen has scrolled). */
    private static long countBlinks(String screen) {
        return screen.lines().filter(l -> l.startsWith("blink ")).mapToLong(l -> Long.parseLong(l.substring(6).strip()))
                .max().orElse(0);
    }

    /** The line being typed: the last line that starts with a prompt (the status area is below it). */
    private static String promptLine(String screen) {
        List<String> prompts = screen.lines().map(String::stripTrailing)
                .filter(line -> line.startsWith(">") || line.startsWith("...>")).toList();
        return prompts.isEmpty() ? "" : prompts.get(prompts.size() - 1);
    }

    /** The status bar: the screen's bottom line. */
    private static String bottomLine(String screen) {
        return bottomLines(screen, 1).get(0);
    }

    /** The screen's last {@code n} lines, top first: the status area. */
    private static List<String> bottomLines(String screen, int n) {
        List<String> lines = screen.lines().map(String::stripTrailing).toList();
        return lines.size() < n ? Collections.nCopies(n, "") : lines.subList(lines.size() - n, lines.size());
    }

    private static long statusTick(String screen) {
        Matcher m = STATUS_BAR.matcher(bottomLine(screen));
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
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
