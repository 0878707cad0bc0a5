package liveloop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Splitting a text into snippets gives what JShell's own analysis of the whole rest gives. */
class ChunkTest {
    /** Snippets whose ends a lexical scan could mistake: continuations, brackets in literals, bodies. */
    private static final List<String> SNIPPETS = List.of(
            "int x = 1;", "x++;", "String s = \"a;}\";", "char c = '}';", "long n = 1_000L;",
            "void f() { if (x > 0) { x--; } }", "class A { int a; }", "record R(int a) {}",
            "enum E { A, B; }", "interface I { void m(); }", "@Deprecated void g() {}", "static int z = 3;",
            "if (x > 0) x--; else x++;", "if (x > 0) { x--; } else { x++; }",
            "if (x > 1) {} else if (x > 0) {} else {}", "try { x++; } catch (Exception e) { } finally { }",
            "do { x++; } while (x < 3);", "for (int i = 0; i < 2; i++) { x += i; }", "while (x < 3) x++;",
            "Runnable r = () -> { x++; };", "int[] a = {1, 2};",
            "Object o = new Object() { public String toString() { return \"}\"; } };",
            "String t = \"\"\"\n  ; }\n  \"\"\";", "switch (x) { case 1 -> x++; default -> {} }",
            "label: for (;;) { break label; }", "import java.util.*;", "x + 1", "Math.max(1, 2)",
            "int w = switch (x) { case 1 -> 2; default -> 3; };", "List<String> l = new ArrayList<>();",
            "@SuppressWarnings(\"unchecked\") void k() {}", "String v = \"}\" + '}' + \"\\\\\";",
            "class B { class C { void m() { } } }", "Runnable q = () -> x++;",
            "void broken( {", "}", "int q = ;", "{ x++; }", ";", "String u = \"open", "/* open", "char d = '\\'';");
    private static final List<String> BETWEEN = List.of(
            "\n", " ", "\n\n", "\n// a ; } comment\n", " /* ; } */ ", "\n/** doc */\n", "");

    private static JShell jshell;

    @BeforeAll
    static void open() {
        jshell = JShell.builder().executionEngine("local").build();
    }

    @AfterAll
    static void close() {
        jshell.close();
    }

    @Test
    void aFileSplitsAsTheWholeRestOfItWouldSplit() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        Chunk.Completion completion = new Chunk.Completion(jshell.sourceCodeAnalysis());
        for (int i = 0; i < 400; i++) {
            StringBuilder text = new StringBuilder();
            int snippets = 1 + random.nextInt(12);
            for (int j = 0; j < snippets; j++) {
                text.append(BETWEEN.get(random.nextInt(BETWEEN.size())))
                        .append(SNIPPETS.get(random.nextInt(SNIPPETS.size())));
            }
            String input = text.toString();
            assertThat(Chunk.split(completion, input)).as("seed %d, text:%n%s", seed, input)
                    .isEqualTo(splitOnTheWholeRest(jshell.sourceCodeAnalysis(), input));
        }
    }

    /** Texts with one place a snippet may end: split without JShell's analysis when it is their end. */
    @Test
    void aTextThatCanEndOnlyAtItsEndSplitsAsTheWholeRestWould() {
        Chunk.Completion completion = new Chunk.Completion(jshell.sourceCodeAnalysis());
        List<String> texts = new ArrayList<>();
        for (String first : SNIPPETS) {
            for (String between : BETWEEN) {
                texts.add(between + first + between);
                for (String second : SNIPPETS) {
                    texts.add(first + between + second + between);
                }
            }
        }
        int checked = 0;
        for (String text : texts) {
            if (JavaTokens.snippetEnds(text).length == 1) {
                checked++;
                assertThat(Chunk.split(completion, text)).as("text:%n%s", text)
                        .isEqualTo(splitOnTheWholeRest(jshell.sourceCodeAnalysis(), text));
            }
        }
        assertThat(checked).as("texts with one possible end").isGreaterThan(100);
    }

    @Test
    void aSnippetGoesOnPastAnEndWhereTheNextTokenContinuesIt() {
        Chunk.Completion completion = new Chunk.Completion(jshell.sourceCodeAnalysis());
        String text = "int x = 0;\nif (x > 0) x--;\nelse x++;\nx++;\n";

        assertThat(Chunk.split(completion, text)).extracting(Chunk::source)
                .containsExactly("int x = 0;", "if (x > 0) x--;\nelse x++;", "x++;");
    }

    /** The split as it was: JShell's analysis handed all the text left, for every snippet. */
    private static List<Chunk> splitOnTheWholeRest(SourceCodeAnalysis analysis, String text) {
        List<Chunk> chunks = new ArrayList<>();
        int consumed = 0;
        while (!text.substring(consumed).isBlank()) {
            String remaining = text.substring(consumed);
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            boolean complete = info.completeness().isComplete();
            String source = complete ? info.source() : remaining;
            String rest = complete ? info.remaining() : "";
            int trivia = Chunk.leadingTrivia(remaining);
            chunks.add(new Chunk(source.substring(Chunk.leadingTrivia(source)).strip(), consumed + trivia));
            consumed += remaining.length() - rest.length();
        }
        return chunks;
    }
}
