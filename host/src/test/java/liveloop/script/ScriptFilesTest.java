package liveloop.script;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScriptFilesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"traffic.jsh", "a.b.jsh", "x-1_2.jsh"})
    void scriptsEndInJsh(String name) {
        assertThat(ScriptFiles.isScript(dir.resolve(name))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "x.java", "x.jsh.txt", "x.JSH", "xjsh", ".jsh",
        ".x.jsh.swp", ".x.jsh.swo", ".x.jsh.swx", "x.jsh~", "x.jsh.bak", "x.jsh.tmp", // vim
        ".#x.jsh", "#x.jsh#",                                                        // Emacs
        "x.jsh___jb_tmp___", "x.jsh___jb_old___",                                    // JetBrains
        ".goutputstream-ABC123",                                                     // gedit
        ".hidden.jsh", "#odd.jsh", "x___jb_tmp___.jsh", "x.tmp.jsh~"})
    void editorArtefactsAndOtherFilesAreNotScripts(String name) {
        assertThat(ScriptFiles.isScript(dir.resolve(name))).isFalse();
    }

    @Test
    void listFindsScriptsInSubdirectoriesInPathOrder() throws IOException {
        write("b.jsh", "");
        write("a.jsh", "");
        write("sub/c.jsh", "");
        write("sub/deeper/a.jsh", "");
        write("a.jsh~", "");
        write(".a.jsh.swp", "");
        write("notes.txt", "");
        write("sub/x.jsh___jb_tmp___", "");
        Files.createDirectories(dir.resolve("folder.jsh"));

        assertThat(ScriptFiles.list(dir)).containsExactly(
                dir.resolve("a.jsh"), dir.resolve("b.jsh"),
                dir.resolve("sub/c.jsh"), dir.resolve("sub/deeper/a.jsh"));
    }

    @Test
    void listGivesAbsoluteNormalisedPaths() throws IOException {
        write("sub/a.jsh", "");
        Path roundabout = dir.resolve("sub/../sub/.");

        assertThat(ScriptFiles.list(roundabout)).containsExactly(dir.resolve("sub/a.jsh"));
    }

    @Test
    void readTurnsCrlfIntoLf() throws IOException {
        Path file = write("x.jsh", "int a = 1;\r\nint b = 2;\r\n\"caf\u00e9\";\n");

        assertThat(ScriptFiles.read(file)).isEqualTo("int a = 1;\nint b = 2;\n\"caf\u00e9\";\n");
    }

    @Test
    void readDropsAByteOrderMark() throws IOException {
        Path file = write("x.jsh", "\uFEFFint a = 1;\n");

        assertThat(ScriptFiles.read(file)).isEqualTo("int a = 1;\n");
    }

    @Test
    void readRejectsInvalidUtf8AndSaysWhere() throws IOException {
        Path file = dir.resolve("latin1.jsh");
        Files.write(file, new byte[] {'"', 'c', 'a', 'f', (byte) 0xE9, '"', ';'});

        assertThatThrownBy(() -> ScriptFiles.read(file))
                .isInstanceOf(IOException.class)
                .hasMessage(file + " is not valid UTF-8: malformed input at byte 4;"
                        + " save the file as UTF-8");
    }

    @Test
    void readRejectsAFileCutInTheMiddleOfACharacter() throws IOException {
        Path file = dir.resolve("cut.jsh");
        Files.write(file, new byte[] {'a', (byte) 0xE2, (byte) 0x82});

        assertThatThrownBy(() -> ScriptFiles.read(file)).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void readRejectsAFileLargerThanTheLimitWithItsSize() throws IOException {
        Path file = dir.resolve("big.jsh");
        Files.write(file, new byte[ScriptFiles.DEFAULT_MAX_BYTES + 1]);

        assertThatThrownBy(() -> ScriptFiles.read(file))
                .isInstanceOf(IOException.class)
                .hasMessage(file + " is too large for a script: 1048577 bytes,"
                        + " the limit is 1048576 bytes");
    }

    @Test
    void readAcceptsAFileOfExactlyTheLimit() throws IOException {
        Path file = dir.resolve("full.jsh");
        Files.write(file, "/".repeat(ScriptFiles.DEFAULT_MAX_BYTES).getBytes(UTF_8));

        assertThat(ScriptFiles.read(file)).hasSize(ScriptFiles.DEFAULT_MAX_BYTES);
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
