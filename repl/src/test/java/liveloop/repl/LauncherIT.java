package liveloop.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as a user runs it: a process, fed through a pipe, scripts in a real directory. */
class LauncherIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aPipedSessionPrintsResultsAsJshellDoes() throws Exception {
        try (LauncherProcess liveloop = LauncherProcess.start(dir, dir.toString())) {
            liveloop.type("int x = 41;\nx + 1\nString twice(String s) {\n  return s + s;\n}\ntwice(\"ab\")\n/quit\n");
            assertThat(liveloop.awaitExit(TIMEOUT)).isZero();
            assertThat(liveloop.stdout()).contains("x ==> 41", "$2 ==> 42", "|  created method twice(String)",
                    "$4 ==> \"abab\"");
            assertThat(liveloop.stdout() + liveloop.stderr()).doesNotContain("\u001b");
        }
    }

    @Test
    void endOfInputStopsTheHost() throws Exception {
        try (LauncherProcess liveloop = LauncherProcess.start(dir, dir.toString())) {
            liveloop.type("1 + 1\n");
            liveloop.endInput();
            assertThat(liveloop.awaitExit(TIMEOUT)).isZero();
            assertThat(liveloop.stdout()).contains("$1 ==> 2");
        }
    }

    @Test
    void withTicksTheHostOutlivesItsInput() throws Exception {
        Files.writeString(dir.resolve("count.jsh"), "int n = 0;\nString start() { n++; return \"start\"; }\n"
                + "void exit_start() {}\n");
        try (LauncherProcess liveloop = LauncherProcess.start(dir, "--hz", "200", "--ticks", "100", dir.toString())) {
            liveloop.endInput();
            assertThat(liveloop.awaitExit(TIMEOUT)).isZero();
        }
    }

    @Test
    void savingAScriptChangesTheStateSequenceAndTheCounterKeepsItsValue() throws Exception {
        Path script = dir.resolve("machine.jsh");
        String before = "int count = 0;\n"
                + "String start() { return \"a\"; }\n"
                + "String a() { count++; return \"b\"; }\n"
                + "String b() { count++; return \"a\"; }\n"
                + "void enter_a() { System.out.println(\"enter a \" + count); }\n"
                + "void enter_b() { System.out.println(\"enter b \" + count); }\n";
        Files.writeString(script, before);
        try (LauncherProcess liveloop = LauncherProcess.start(dir, "--no-repl", "--hz", "50", dir.toString())) {
            int countBefore = number(liveloop.awaitLine(line -> line.matches("enter b ([3-9]|\\d\\d+)"), TIMEOUT));

            Files.writeString(script, before.replace("String b() { count++; return \"a\"; }",
                    "String b() { count++; return \"c\"; }\n"
                            + "String c() { count++; return \"a\"; }\n"
                            + "void enter_c() { System.out.println(\"enter c \" + count); }"));
            liveloop.awaitLine(line -> line.contains("machine.jsh applied at tick"), TIMEOUT);
            int applied = liveloop.lineCount();
            String enterC = liveloop.awaitLineAfter(applied, line -> line.startsWith("enter c "), TIMEOUT);
            assertThat(number(enterC)).as("count keeps counting across the save").isGreaterThan(countBefore);
            // The new sequence is a -> b -> c -> a: each enter line is followed by the next state's.
            int next = liveloop.awaitIndex(liveloop.lineCount(), line -> line.startsWith("enter "), TIMEOUT);
            String letter = liveloop.awaitLineAfter(next, line -> line.startsWith("enter "), TIMEOUT).substring(6, 7);
            String following = liveloop.awaitLineAfter(next + 1, line -> line.startsWith("enter "), TIMEOUT);
            String expected = letter.equals("a") ? "b" : letter.equals("b") ? "c" : "a";
            assertThat(following).startsWith("enter " + expected);
        }
    }

    @Test
    void aCompileErrorInASaveIsLocatedAndTheOldCodeKeepsRunning() throws Exception {
        Path script = dir.resolve("m.jsh");
        Files.writeString(script, "int n = 0;\nString start() { n++; System.out.println(\"old \" + n); return \"start\"; }\n");
        try (LauncherProcess liveloop = LauncherProcess.start(dir, "--no-repl", "--hz", "20", dir.toString())) {
            liveloop.awaitLine(line -> line.startsWith("old "), TIMEOUT);
            Files.writeString(script, "int n = 0;\nString start() {\n  return 42;\n}\n");
            assertThat(liveloop.awaitErrorLine(line -> line.contains("error"), TIMEOUT))
                    .isEqualTo(script + ":3:10: error: incompatible types: int cannot be converted to java.lang.String");
            int after = liveloop.lineCount();
            assertThat(liveloop.awaitLineAfter(after, line -> line.startsWith("old "), TIMEOUT))
                    .as("the previous behaviour keeps running").isNotNull();
        }
    }

    @Test
    void withRollbackAFailingRedefinitionIsRolledBackAndStateShowsBothVersions() throws Exception {
        Files.writeString(dir.resolve("m.jsh"), "int n = 0;\nString start() { n++; return \"start\"; }\n");
        try (LauncherProcess liveloop = LauncherProcess.start(dir, "--on-fault", "rollback", "--hz", "50", dir.toString())) {
            liveloop.type("String start() { if (++n > 0) throw new IllegalStateException(\"bad\"); return \"start\"; }\n");
            assertThat(liveloop.awaitErrorLine(line -> line.startsWith("ROLLED BACK"), TIMEOUT))
                    .startsWith("ROLLED BACK start() to version 1 (" + dir.resolve("m.jsh") + " at tick ");
            liveloop.type("/state\n");
            assertThat(liveloop.awaitLine(line -> line.contains("rejected"), TIMEOUT))
                    .matches("\\|  start\\(\\): running version 1 \\(.*\\); rejected version 2 \\(prompt at tick \\d+\\):"
                            + " start\\(\\) threw java.lang.IllegalStateException: bad at tick \\d+");
            liveloop.endInput();
            assertThat(liveloop.awaitExit(TIMEOUT)).isZero();
        }
    }

    @Test
    void releaseModeRunsTheScriptsAndExits() throws Exception {
        Files.writeString(dir.resolve("r.jsh"), "int n = 0;\nString start() { return ++n >= 5 ? \"done\" : \"start\"; }\n"
                + "String done() { return \"done\"; }\nvoid enter_done() { System.out.println(\"done after \" + n); }\n");
        try (LauncherProcess liveloop = LauncherProcess.start(dir, "--release", "--ticks", "20", "--hz", "500", dir.toString())) {
            assertThat(liveloop.awaitExit(TIMEOUT)).isZero();
            assertThat(liveloop.stdout()).contains("release mode", "done after 5");
        }
    }

    @Test
    void releaseModeExitsOneWithLocatedDiagnostics() throws Exception {
        Files.writeString(dir.resolve("bad.jsh"), "// a comment\nString start() {\n    return 42;\n}\n");
        try (LauncherProcess liveloop = LauncherProcess.start(dir, "--release", "--ticks", "5", dir.toString())) {
            assertThat(liveloop.awaitExit(TIMEOUT)).isEqualTo(1);
            assertThat(liveloop.stderr()).contains(dir.resolve("bad.jsh") + ":3:12: error: incompatible types");
        }
    }

    @Test
    void badArgumentsExitTwoWithAReasonAndUsage() throws Exception {
        String[][] cases = {
            {"--hz", "fast"}, {"--hz", "0"}, {"--ticks", "0"}, {"--frobnicate"}, {dir.resolve("missing").toString()},
            {"--start", "no-such-name", dir.toString()}, {"a", "b"}, {"--on-fault", "maybe"},
        };
        for (String[] args : cases) {
            try (LauncherProcess liveloop = LauncherProcess.start(dir, args)) {
                assertThat(liveloop.awaitExit(TIMEOUT)).as(String.join(" ", args)).isEqualTo(2);
                assertThat(liveloop.stderr()).as(String.join(" ", args)).contains("Usage: liveloop");
            }
        }
        try (LauncherProcess liveloop = LauncherProcess.start(dir, dir.resolve("missing").toString())) {
            liveloop.awaitExit(TIMEOUT);
            assertThat(liveloop.stderr()).startsWith("liveloop: scripts directory not found: ");
        }
    }

    @Test
    void theExampleScriptsRun() throws Exception {
        Path scripts = Path.of(System.getProperty("liveloop.root"), "scripts");
        try (LauncherProcess liveloop = LauncherProcess.start(dir, "--release", "--hz", "2000", "--ticks", "1200",
                scripts.toString())) {
            assertThat(liveloop.awaitExit(TIMEOUT)).isZero();
            assertThat(liveloop.stdout()).contains("(G)", "(Y)", "(R)");
            assertThat(liveloop.stderr()).doesNotContain("error");
        }
    }

    private static int number(String line) {
        Matcher m = Pattern.compile("(\\d+)$").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
