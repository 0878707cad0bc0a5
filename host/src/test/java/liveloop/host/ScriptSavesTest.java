package liveloop.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import liveloop.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saving a watched script, end to end: a real directory, the real watcher, the real session.
 * A save applies whole or not at all, and running state survives it.
 */
class ScriptSavesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TICKING = "int count = 0;\nString start() { count++; return \"start\"; }\n";

    @TempDir
    Path dir;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private LiveLoop host;

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private void start(LiveLoop.Builder builder) throws Exception {
        host = builder.scripts(dir).hz(200).quietPeriod(Duration.ofMillis(30)).bind("log", log)
                .output((kind, text) -> lines.add(kind + " " + text)).build();
        host.start();
    }

    private void start() throws Exception {
        start(LiveLoop.builder());
    }

    @Test
    void aSaveWithAnErrorChangesNothingAndTheNextGoodSaveApplies() throws Exception {
        Path file = write("a.jsh", TICKING + "String greet() { return \"v1\"; }\n");
        start();
        awaitCount(5);

        write("a.jsh", TICKING + "String greet() { return \"v2\"; }\nint extra() { return 1; }\nint bad() { return \"x\"; }\n");
        awaitLine("ERROR " + display(file) + " not applied at tick");
        assertThat(lines).contains("ERROR " + display(file) + ":5:20: error: incompatible types: java.lang.String cannot be converted to int");
        assertThat(value("greet()")).isEqualTo("\"v1\"");
        assertThat(value("extra()")).as("the save's new method went with it").startsWith("error");
        int before = Integer.parseInt(value("count"));
        awaitCount(before + 5); // still ticking, and count was never reset

        write("a.jsh", TICKING + "String greet() { return \"v3\"; }\n");
        awaitLine("INFO " + display(file) + " applied at tick");
        assertThat(value("greet()")).isEqualTo("\"v3\"");
        assertThat(host.activeScripts().get(file.toAbsolutePath().normalize())).contains("v3");
    }

    @Test
    void aStatementThatThrowsUndoesTheWholeSave() throws Exception {
        write("a.jsh", TICKING + "String greet() { return \"v1\"; }\n");
        start();
        write("a.jsh", TICKING + "String greet() { return \"v2\"; }\nif (true) throw new IllegalStateException(\"no\");\n");
        awaitLine("not applied at tick");
        assertThat(lines).anyMatch(l -> l.matches("ERROR .*a\\.jsh:4:1: error: exception java.lang.IllegalStateException: no"));
        assertThat(value("greet()")).isEqualTo("\"v1\"");
    }

    @Test
    void aVariableChangedByAFailedSaveKeepsItsLiveValue() throws Exception {
        write("a.jsh", TICKING);
        start();
        awaitCount(20);
        write("a.jsh", TICKING.replace("count = 0", "count = 1000") + "int bad() { return \"x\"; }\n");
        awaitLine("not applied at tick");
        int after = Integer.parseInt(value("count"));
        assertThat(after).as("neither reset to 0 nor set to 1000").isBetween(20, 999);
    }

    @Test
    void afterAFailedSaveNoLaterSnippetRunsOnlyToBeUndone() throws Exception {
        write("a.jsh", TICKING);
        start();
        write("a.jsh", TICKING + "int bad() { return \"x\"; }\nlog.add(\"ran\");\n");
        awaitLine("not applied at tick");
        assertThat(log).isEmpty();
    }

    @Test
    void onlyChangedSnippetsRunAgain() throws Exception {
        Path file = write("a.jsh", TICKING + "log.add(\"loaded\");\nString greet() { return \"v1\"; }\n");
        start();
        awaitCount(5);
        write("a.jsh", TICKING + "log.add(\"loaded\");\nString greet() { return \"v2\"; }\n");
        awaitLine("INFO " + display(file) + " applied at tick");
        assertThat(lines).anyMatch(l -> l.matches("INFO .*a\\.jsh applied at tick \\d+: 1 modified \\(\\d+ ms\\)"));
        assertThat(value("greet()")).isEqualTo("\"v2\"");
        assertThat(log).containsExactly("loaded");
        assertThat(Integer.parseInt(value("count"))).isGreaterThanOrEqualTo(5);
    }

    @Test
    void oneLineSaysWhatASaveModifiedAddedAndDropped() throws Exception {
        write("a.jsh", TICKING + "int one() { return 1; }\nint two() { return 2; }\n");
        start();
        write("a.jsh", TICKING + "int one() { return 11; }\nint three() { return 3; }\n");
        awaitLine("applied at tick");
        assertThat(lines).anyMatch(l -> l.matches("INFO .*a\\.jsh applied at tick \\d+: 1 modified, 1 added, 1 dropped \\(\\d+ ms\\)"));
        assertThat(value("two()")).startsWith("error");
    }

    @Test
    void aDeletedFileDropsItsDeclarations() throws Exception {
        Path file = write("a.jsh", TICKING);
        write("b.jsh", "String greet() { return \"hi\"; }\n");
        start();
        Files.delete(dir.resolve("b.jsh"));
        awaitLine("b.jsh deleted, applied at tick");
        assertThat(value("greet()")).startsWith("error");
        assertThat(host.activeScripts()).containsOnlyKeys(file.toAbsolutePath().normalize());
    }

    @Test
    void aRenamedFileKeepsItsDeclarationsAndTheirValues() throws Exception {
        write("a.jsh", TICKING + "log.add(\"loaded\");\n");
        start();
        awaitCount(20);
        Files.move(dir.resolve("a.jsh"), dir.resolve("b.jsh"), StandardCopyOption.ATOMIC_MOVE);
        await(() -> host.activeScripts().containsKey(dir.resolve("b.jsh").toAbsolutePath().normalize())
                && !host.activeScripts().containsKey(dir.resolve("a.jsh").toAbsolutePath().normalize()));
        assertThat(log).as("the statement did not run again").containsExactly("loaded");
        assertThat(Integer.parseInt(value("count"))).as("count was not reset").isGreaterThanOrEqualTo(20);
        awaitCount(Integer.parseInt(value("count")) + 5); // start() is still declared and ticking
        assertThat(lines).noneMatch(l -> l.contains("dropped"))
                .anyMatch(l -> l.matches("INFO .*a\\.jsh renamed to .*b\\.jsh applied at tick \\d+: no code changes \\(\\d+ ms\\)"));
    }

    @Test
    void filesMayUseEachOtherWhateverOrderTheyLoadIn() throws Exception {
        // a.jsh loads first and uses b.jsh's names in a statement, a method and a variable.
        write("a.jsh", "log.add(\"a sees \" + bName());\nString start() { return bNext(); }\n");
        write("b.jsh", "String bName() { return \"b\"; }\nString bNext() { return \"start\"; }\nint bCount = 0;\n");
        start();
        assertThat(log).containsExactly("a sees b");
        assertThat(lines).noneMatch(l -> l.startsWith("ERROR") || l.contains("warning"));

        // Later saves, in the order that needs a retry: the user of a name first.
        write("c.jsh", "log.add(\"c sees \" + dName());\n");
        awaitLine("c.jsh not applied at tick");
        assertThat(lines).anyMatch(l -> l.matches("ERROR .*c\\.jsh:1:21: error: cannot find symbol: method dName\\(\\)"))
                .anyMatch(l -> l.matches("ERROR .*c\\.jsh not applied at tick \\d+: 1 error;"
                        + " it is tried again when another change lands \\(\\d+ ms\\)"));
        write("d.jsh", "String dName() { return \"d\"; }\n");
        await(() -> log.contains("c sees d"));
        awaitLine("c.jsh applied at tick");
        assertThat(lines).anyMatch(l -> l.matches("INFO .*c\\.jsh applied at tick \\d+, now that what it uses is declared: 1 added \\(\\d+ ms\\)"));
    }

    @Test
    void anEmptyFileKeepsThePreviousCode() throws Exception {
        Path file = write("a.jsh", TICKING + "String greet() { return \"v1\"; }\n");
        start();
        write("a.jsh", "");
        awaitLine("ERROR " + display(file) + ": error: the file is empty; the previous version keeps running");
        assertThat(value("greet()")).isEqualTo("\"v1\"");
        write("a.jsh", TICKING + "String greet() { return \"v2\"; }\n");
        awaitLine("applied at tick");
        assertThat(value("greet()")).isEqualTo("\"v2\"");
    }

    @Test
    void aFileOverTheSizeLimitKeepsThePreviousCode() throws Exception {
        Path file = write("a.jsh", TICKING + "String greet() { return \"v1\"; }\n");
        start(LiveLoop.builder().maxScriptBytes(200));
        write("a.jsh", TICKING + "String greet() { return \"v2\"; }\n" + "// padding\n".repeat(20));
        awaitLine("ERROR " + display(file) + ": error: too large for a script: ");
        assertThat(lines).anyMatch(l -> l.matches("ERROR .*a\\.jsh: error: too large for a script: \\d+ bytes,"
                + " the limit is 200 bytes; the previous version keeps running"));
        assertThat(value("greet()")).isEqualTo("\"v1\"");
    }

    @Test
    void aFileThatIsNotUtf8KeepsThePreviousCode() throws Exception {
        Path file = write("a.jsh", TICKING + "String greet() { return \"v1\"; }\n");
        start();
        Files.write(file, new byte[] {'i', 'n', 't', ' ', (byte) 0xC3, '(', ';'});
        awaitLine("ERROR " + display(file) + ": error: not valid UTF-8: malformed input at byte 4; save the file"
                + " as UTF-8; the previous version keeps running");
        assertThat(value("greet()")).isEqualTo("\"v1\"");
    }

    @Test
    void aBinaryFileAndASymlinkLoopKeepThePreviousCode() throws Exception {
        Path file = write("a.jsh", TICKING + "String greet() { return \"v1\"; }\n");
        Path loop = dir.resolve("loop.jsh");
        start();
        Files.write(file, new byte[] {'i', 'n', 't', 0, 0, 1});
        awaitLine("ERROR " + display(file) + ": error: looks binary (a NUL byte at offset 3), not a script;"
                + " the previous version keeps running");
        Files.createSymbolicLink(loop, loop);
        awaitLine("ERROR " + display(loop) + ": error: a symbolic link that cannot be resolved (a loop?)");
        assertThat(value("greet()")).isEqualTo("\"v1\"");
        write("a.jsh", TICKING + "String greet() { return \"v2\"; }\n");
        awaitLine("a.jsh applied at tick");
        assertThat(value("greet()")).isEqualTo("\"v2\"");
    }

    @Test
    void anEditThatLandsWhileTheLastSaveRunsWins() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        write("a.jsh", "String version() { return \"v0\"; }\n");
        start(LiveLoop.builder().bind("entered", entered).bind("gate", gate));
        write("a.jsh", "String version() { return \"v1\"; }\nentered.countDown();\ngate.await();\n");
        await(() -> entered.getCount() == 0);
        write("a.jsh", "String version() { return \"v2\"; }\n"); // lands while v1's last statement blocks
        gate.countDown();
        await(() -> host.activeScripts().values().stream().anyMatch(c -> c.contains("v2")));
        assertThat(value("version()")).isEqualTo("\"v2\"");
    }

    private Path write(String name, String content) throws IOException {
        return Files.write(dir.resolve(name), content.getBytes(UTF_8));
    }

    private String display(Path file) {
        return dir.resolve(file.getFileName()).toString();
    }

    private String value(String expression) {
        var result = host.eval(expression).join().results().get(0);
        return result.failed() ? "error: " + result.diagnostics() : result.value();
    }

    private void awaitCount(int atLeast) throws InterruptedException {
        await(() -> Integer.parseInt(value("count")) >= atLeast);
    }

    private void awaitLine(String part) throws InterruptedException {
        await(() -> lines.stream().anyMatch(l -> l.contains(part)));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Await.until(condition, TIMEOUT);
    }
}
