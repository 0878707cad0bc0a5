package liveloop.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import liveloop.console.TerminalConsole;
import liveloop.host.LiveLoop;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JLine reader, fed keystrokes as bytes through a dumb terminal: what Tab completes, when
 * Enter continues a snippet instead of submitting it, and how commands and their prefixes read.
 * Each test is a whole session against a real host, read to the end of its input.
 */
class TerminalReaderTest {
    @TempDir
    Path dir;

    /** Types {@code keys} into a terminal session and returns everything the terminal showed. */
    private String type(String keys) throws Exception {
        Files.writeString(dir.resolve("m.jsh"), "int n = 0;\nString start() { n++; return \"start\"; }\n"
                + "String other() { return \"start\"; }\n");
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Terminal terminal = TerminalBuilder.builder().system(false).type(Terminal.TYPE_DUMB)
                .streams(new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), screen)
                .encoding(StandardCharsets.UTF_8).build();
        AtomicReference<LiveLoop> host = new AtomicReference<>();
        try (TerminalConsole console = new TerminalConsole(terminal, new SessionAssist(host::get), null);
                LiveLoop loop = LiveLoop.builder().scripts(dir).hz(100).captureSystemStreams(false)
                        .output(console.output()).build()) {
            host.set(loop);
            loop.start();
            console.showStatus(() -> List.of("status " + loop.status().describe())); // a dumb terminal has none
            assertThat(new Repl(loop, console).run()).isEqualTo(Repl.End.END_OF_INPUT);
        }
        return screen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void tabCompletesTheSessionsNamesAndTheJdksMembers() throws Exception {
        String screen = type("int typed = 40;\ntyp\t + 2\nMath.ma\t3, 4)\n");
        assertThat(screen).contains("typed ==> 40").containsPattern("\\$\\d+ ==> 42\\R").containsPattern("\\$\\d+ ==> 4\\R");
    }

    @Test
    void tabCompletesCommandsAndTheirArguments() throws Exception {
        String screen = type("/go\tot\t\n/sta\t\n");
        assertThat(screen).contains("|  start -> other").containsPattern("\\|  state \\w+ · tick \\d+");
    }

    @Test
    void enterContinuesAnOpenMethodAndSubmitsItWhenItCloses() throws Exception {
        String screen = type("int twice(int x) {\nint y = x * 2;\nreturn y;\n}\ntwice(21)\n");
        assertThat(screen).contains("|  created method twice(int)").containsPattern("\\$\\d+ ==> 42\\R")
                .doesNotContain("Error");
    }

    @Test
    void commandPrefixesResolveAndAmbiguousOnesAreNamed() throws Exception {
        String screen = type("/pa\n/ste 3\n/s\n/hz 30\n/res\n/nope\n");
        assertThat(screen).contains("|  paused at tick ", "|  ambiguous command /s: /save, /state, /step, /stop",
                "|  rate set to 30 Hz", "|  running", "|  no such command: /nope (type /help)");
        assertThat(screen).containsPattern("\\|  state start · tick \\d+ · [0-9.]+/100 Hz · paused");
        assertThat(screen).as("no status area on a dumb terminal").doesNotContain("status state");
    }

    @Test
    void anExclamationMarkIsJavaNotHistoryExpansion() throws Exception {
        String screen = type("boolean yes = true;\n!yes\n!!yes\n");
        assertThat(screen).contains("yes ==> true").containsPattern("\\$\\d+ ==> false\\R\\R?> \\$\\d+ ==> true");
    }
}
