package liveloop.script;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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

    @Test
    void readGivesAnEmptyFileAsEmptyText() throws IOException {
        Path empty = write("empty.jsh", "");
        Path onlyAByteOrderMark = write("bom.jsh", "\uFEFF");

        assertThat(ScriptFiles.read(empty)).isEmpty();
        assertThat(ScriptFiles.read(onlyAByteOrderMark)).isEmpty();
    }

    @Test
    void readRefusesANulByteAsBinaryAndSaysWhere() throws IOException {
        Path file = write("x.jsh", "int caf\u00e9 = 1;\0\n");

        // A byte offset, like the UTF-8 error's: \u00e9 is two bytes.
        assertThatThrownBy(() -> ScriptFiles.read(file))
                .isInstanceOf(IOException.class)
                .hasMessage(file + " looks binary (a NUL byte at offset 14), not a script");
    }

    @Test
    void readCallsAFileZeroedByACrashBinary() throws IOException {
        Path file = dir.resolve("zeroed.jsh");
        Files.write(file, new byte[4096]);

        assertThatThrownBy(() -> ScriptFiles.read(file))
                .hasMessage(file + " looks binary (a NUL byte at offset 0), not a script");
    }

    @Test
    void readCallsAClassFileBinaryRatherThanNotUtf8() throws IOException {
        Path file = dir.resolve("Main.jsh");
        // The magic number, then the minor version 0: the first byte is not UTF-8 either.
        Files.write(file, new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0});

        assertThatThrownBy(() -> ScriptFiles.read(file))
                .hasMessage(file + " looks binary (a NUL byte at offset 4), not a script");
    }

    @Test
    void readRefusesUtf16AndSaysSo() throws IOException {
        Path file = dir.resolve("notepad.jsh");
        Files.write(file, "\uFEFFint a = 1;\r\n".getBytes(StandardCharsets.UTF_16LE));

        assertThatThrownBy(() -> ScriptFiles.read(file))
                .hasMessage(file + " is UTF-16, not UTF-8 (it starts with a UTF-16 byte order"
                        + " mark); save the file as UTF-8");
    }

    @Test
    void readRejectsAFileLargerThanAConfiguredLimit() throws IOException {
        Path file = write("x.jsh", "int a = 1;\n");

        assertThatThrownBy(() -> ScriptFiles.read(file, 10))
                .hasMessage(file + " is too large for a script: 11 bytes, the limit is 10 bytes");
        assertThat(ScriptFiles.read(file, 11)).isEqualTo("int a = 1;\n");
    }

    @Test
    void readSaysWhenTheFileVanished() {
        Path gone = dir.resolve("gone.jsh");

        assertThatThrownBy(() -> ScriptFiles.read(gone))
                .isInstanceOf(IOException.class)
                .hasMessage(gone + " vanished before it could be read")
                .hasCauseInstanceOf(NoSuchFileException.class);
    }

    @Test
    void readSaysWhenPermissionIsDenied() throws IOException {
        Path file = write("secret.jsh", "int a = 1;\n");
        Files.setPosixFilePermissions(file, Set.of());
        // Root reads any file whatever its permissions: there is nothing to test then.
        assumeFalse(Files.isReadable(file), "running as root");

        assertThatThrownBy(() -> ScriptFiles.read(file))
                .isInstanceOf(IOException.class)
                .hasMessage(file + " cannot be read: permission denied")
                .hasCauseInstanceOf(AccessDeniedException.class);
    }

    @Test
    void readSaysASymlinkLoopCannotBeResolved() throws IOException {
        Path loop = Files.createSymbolicLink(dir.resolve("loop.jsh"), Path.of("loop.jsh"));

        assertThatThrownBy(() -> ScriptFiles.read(loop))
                .isInstanceOf(IOException.class)
                .hasMessage(loop + " is a symbolic link that cannot be resolved (a loop?)")
                .cause().hasMessageContaining("Too many levels of symbolic links");
    }

    @Test
    void readSaysWhereADanglingSymlinkPoints() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link.jsh"), Path.of("../moved/x.jsh"));

        assertThatThrownBy(() -> ScriptFiles.read(link))
                .hasMessage(link + " is a symbolic link to ../moved/x.jsh, which does not exist");
    }

    @Test
    void readFollowsASymlinkToAScriptElsewhere(@TempDir Path elsewhere) throws IOException {
        Path target = Files.writeString(elsewhere.resolve("shared.jsh"), "int shared = 1;\n");
        Path link = Files.createSymbolicLink(dir.resolve("shared.jsh"), target);

        assertThat(ScriptFiles.list(dir)).containsExactly(link);
        assertThat(ScriptFiles.read(link)).isEqualTo("int shared = 1;\n");
    }

    @Test
    void readRefusesADirectory() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("folder.jsh"));

        assertThatThrownBy(() -> ScriptFiles.read(folder))
                .hasMessage(folder + " is a directory, not a script");
    }

    @Test
    @Timeout(10)
    void readRefusesANamedPipeInsteadOfWaitingForAWriter() throws Exception {
        Path pipe = dir.resolve("pipe.jsh");
        int exit;
        try {
            exit = new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start().waitFor();
        } catch (IOException noMkfifo) {
            exit = -1;
        }
        assumeTrue(exit == 0, "mkfifo is needed to make a named pipe");

        assertThatThrownBy(() -> ScriptFiles.read(pipe))
                .hasMessage(pipe + " is not a regular file (a pipe, socket or device),"
                        + " not a script");
        assertThat(ScriptFiles.list(dir)).isEmpty();
    }

    @Test
    void listIncludesScriptLinksThatCannotBeFollowedButNotLinksToDirectories() throws IOException {
        Path script = write("sub/a.jsh", "");
        Path loop = Files.createSymbolicLink(dir.resolve("loop.jsh"), Path.of("loop.jsh"));
        Path dangling =
                Files.createSymbolicLink(dir.resolve("dangling.jsh"), Path.of("nowhere.jsh"));
        Path working = Files.createSymbolicLink(dir.resolve("working.jsh"), Path.of("sub/a.jsh"));
        Files.createSymbolicLink(dir.resolve("folder.jsh"), Path.of("sub"));

        assertThat(ScriptFiles.list(dir)).containsExactly(dangling, loop, script, working);
    }

    @Test
    void listDoesNotFollowADirectoryLinkLoop() throws IOException {
        Path script = write("sub/a.jsh", "");
        Files.createSymbolicLink(dir.resolve("sub/up"), Path.of(".."));
        Files.createSymbolicLink(dir.resolve("sub/self"), Path.of("."));

        assertThat(ScriptFiles.list(dir)).containsExactly(script);
    }

    @Test
    void listOfAMissingDirectoryFails() {
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> ScriptFiles.list(missing)).isInstanceOf(NoSuchFileException.class);
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
