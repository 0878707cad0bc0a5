package liveloop.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole prompt sessions through a pipe, in-process, asserting what is printed. */
class ReplSessionTest {
    @TempDir
    Path dir;

    private record Session(int exit, String out, String err) {}

    private Session session(String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = dir.toString();
        int exit = Main.run(all, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Session(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void declarationsExpressionsAndErrorsReadAsInJshell() {
        Session s = session("int z;\nz = 3\nvoid hello() { System.out.println(\"hi\"); }\nhello()\n"
                + "String s = \"q\";\nclass Point { int x; }\nundefined + 1\n/quit\n");
        assertThat(s.exit()).isZero();
        assertThat(s.out()).contains("z ==> 0\n", "z ==> 3\n", "|  created method hello()\n", "hi\n",
                "s ==> \"q\"\n", "|  created class Point\n",
                "|  Error:\n|  cannot find symbol\n|    symbol:   variable undefined\n|  undefined + 1\n|  ^-------^\n");
    }

    @Test
    void aMethodTypedOverSeveralLinesIsOneSnippet() {
        Session s = session("int twice(int x) {\n  int y = x * 2;\n  return y;\n}\ntwice(21)\n");
        assertThat(s.out()).contains("|  created method twice(int)\n", "$2 ==> 42\n");
    }

    @Test
    void exceptionsShowWhereInTheSnippetsTheyWereThrown() {
        Session s = session("void boom() { throw new IllegalStateException(\"no\"); }\nboom()\n");
        assertThat(s.out()).contains("|  Exception java.lang.IllegalStateException: no\n|        at boom (#1:1)\n"
                + "|        at (#2:1)\n");
    }

    @Test
    void commandsDriveTheLoopAndPrefixesResolve() throws Exception {
        Files.writeString(dir.resolve("m.jsh"), "int n = 0;\nString start() { n++; return \"start\"; }\n");
        Session s = session("/pa\nint before = n;\n/step 5\nn - before\n/hz 30\n/res\n/state\n/he step\n/s\n/nope\n/q\n",
                "--hz", "200");
        assertThat(s.exit()).isZero();
        assertThat(s.out()).contains("|  paused at tick ", "$4 ==> 5\n", "|  rate set to 30 Hz\n", "|  running\n",
                "|  /step [N] -- pause and run N ticks (default 1)\n",
                "|  ambiguous command /s: /save, /state, /step, /stop\n", "|  no such command: /nope (type /help)\n");
        assertThat(s.out()).containsPattern("\\|  state start · tick \\d+ · [0-9.]+/30 Hz · running");
    }

    @Test
    void listingsAndDropReadAsInJshell() throws Exception {
        Files.writeString(dir.resolve("m.jsh"), "int n = 0;\nString start() { n++; return \"start\"; }\n");
        Session s = session("/pause\nint x = 41;\nint twice(int a) {\n  return 2 * a;\n}\nclass Foo {}\n"
                + "import java.time.*;\nx + 1\n/list\n/vars\n/methods\n/types\n/imports\n/drop twice\n/drop 99\n"
                + "/drop nosuch\ntwice(1)\n/history\n/q\n");
        assertThat(s.out()).contains(
                "   1 : int n = 0;\n   2 : String start() { n++; return \"start\"; }\n   3 : int x = 41;\n"
                        + "   4 : int twice(int a) {\n         return 2 * a;\n       }\n   5 : class Foo {}\n"
                        + "   6 : import java.time.*;\n   7 : x + 1\n",
                "\n|    int x = 41\n|    int $7 = 42\n",
                "|    String start()\n|    int twice(int)\n",
                "|    class Foo\n",
                "|    import java.util.stream.*\n|    import java.time.*\n",
                "|  dropped method twice(int)\n",
                "|  No snippet with ID: 99\n", "|  No such snippet: nosuch\n",
                "/pause\nint x = 41;\nint twice(int a) {\n  return 2 * a;\n}\nclass Foo {}\n");
        assertThat(s.out()).containsPattern("\\|    int n = \\d+\\n") // a live value: ticks may have run before /pause
                .containsPattern("\\|  Error:\\n\\|  cannot find symbol\\n\\|    symbol:   method twice\\(int\\)");
    }

    @Test
    void saveOpenAndGoto() throws Exception {
        Files.writeString(dir.resolve("m.jsh"), "String start() { return \"start\"; }\n"
                + "void enter_other() { System.out.println(\"entered other\"); }\n");
        Path saved = dir.resolve("saved.txt");
        Session s = session("String other() { return \"other\"; }\n/goto other\n/goto nowhere\n/state\n"
                + "int q = 5;\n/save " + saved + "\n/open " + saved + "\n/open " + dir.resolve("none.jsh") + "\n/q\n");
        assertThat(s.out()).contains("|  start -> other\n", "entered other\n",
                "|  no state method String nowhere() is defined\n", "|  no such file: " + dir.resolve("none.jsh"));
        assertThat(s.out()).containsPattern("\\|  state other · tick");
        assertThat(Files.readString(saved)).isEqualTo("String start() { return \"start\"; }\n"
                + "void enter_other() { System.out.println(\"entered other\"); }\n"
                + "String other() { return \"other\"; }\nint q = 5;\n");
        assertThat(s.out().split("q ==> 5\n", -1)).as("q declared, then declared again by /open").hasSize(3);
    }

    @Test
    void watchShowsAnExpressionsValueEveryNTicksInState() throws Exception {
        Files.writeString(dir.resolve("m.jsh"), "int n = 0;\nString start() { n++; return \"start\"; }\n");
        Session s = session("/pause\n/watch n * 2 every 5 ticks\n/watch nosuch + 1\n/step 10\nint seen = n;\n/state\n"
                + "/unwatch\n/state\n/q\n");
        assertThat(s.out()).contains("|  watching n * 2 every 5 ticks; /state shows it\n",
                "|  cannot watch nosuch + 1: it uses what is not declared\n", "|  no more watches\n");
        java.util.regex.Matcher seen = java.util.regex.Pattern.compile("seen ==> (\\d+)").matcher(s.out());
        assertThat(seen.find()).isTrue();
        int n = Integer.parseInt(seen.group(1));
        assertThat(s.out()).contains("|  n * 2 = " + 2 * (n - n % 5) + "\n"); // read at the last tick divisible by 5
        assertThat(s.out().split("\\|  n \\* 2 = ", -1)).as("shown by the first /state only").hasSize(2);
    }

    @Test
    void aRejectedRedeclarationAtThePromptLosesNothing() throws Exception {
        Files.writeString(dir.resolve("m.jsh"), "int n = 0;\nString start() { n++; return \"start\"; }\n");
        Session s = session("/pause\nn = 41\nint n = \"oops\";\nn + 1\nString start() { return 7; }\n/step\nn\n/q\n");
        assertThat(s.out()).contains("n ==> 41\n", "$4 ==> 42\n", "n ==> 42\n");
        assertThat(s.err()).doesNotContain("no state method");
    }

    @Test
    void helpListsEveryCommandWithItsOneLineHelp() {
        Session s = session("/help\n");
        for (String command : new String[] {"/help", "/list", "/vars", "/methods", "/types", "/imports", "/drop", "/history", "/save", "/open", "/goto", "/watch", "/unwatch",
            "/state", "/pause", "/resume", "/step", "/hz", "/stop", "/quit", "/exit"}) {
            assertThat(s.out()).containsPattern("\\|  " + command.replace("/", "/") + "\\b.*\\S");
        }
    }
}
