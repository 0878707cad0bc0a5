package liveloop.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

/** Javadoc as plain text: hand-written comments for each construct, and the JDK's own where it has them. */
class JavadocTextTest {
    @Test
    void paragraphsAreWrappedAndEntitiesDecoded() {
        String javadoc = """
                Returns the <em>greater</em> of two values &amp; more. That is,&nbsp;the one closer to
                &lt;T&gt; &quot;x&quot; &#64;Override &#x41;.
                <p>Second paragraph
                after a <b>tag</b>.

                Third, after a blank line.
                """;
        assertThat(JavadocText.toPlainText(javadoc, 40)).isEqualTo("""
                Returns the greater of two values &
                more. That is, the one closer to <T> "x"
                @Override A.

                Second paragraph after a tag.

                Third, after a blank line.""");
    }

    @Test
    void preAndCodeBlocksKeepTheirLinesAndIndentation() {
        // The annotation starts a line inside {@code ...}: code, not a block tag.
        String javadoc = """
                Example:
                <pre>{@code
                @Override
                public Map<K, V> copy() {
                    return new HashMap<>() {{ putAll(this); }};
                }
                }</pre>
                A block without pre:
                {@code
                  if (a < b) {
                      return b;
                  }
                }
                <pre>
                  x &lt; y &amp;&amp; <b>z</b>
                    {@code w}
                </pre>
                Done.
                """;
        assertThat(JavadocText.toPlainText(javadoc, 40)).isEqualTo("""
                Example:

                    @Override
                    public Map<K, V> copy() {
                        return new HashMap<>() {{ putAll(this); }};
                    }

                A block without pre:

                    if (a < b) {
                        return b;
                    }

                    x < y && z
                      w

                Done.""");
    }

    @Test
    void snippetsShowTheirCodeWithoutMarkup() {
        String javadoc = """
                For example:
                {@snippet lang=java :
                // @link substring="run" target="Carrier#run(Runnable)" :
                where(k, v).run(() -> {
                    work(); // @highlight substring="work"
                });
                }
                And then.
                """;
        assertThat(JavadocText.toPlainText(javadoc, 80)).isEqualTo("""
                For example:

                    where(k, v).run(() -> {
                        work();
                    });

                And then.""");
    }

    @Test
    void inlineTagsBecomeTheirText() {
        String javadoc = """
                {@code a < b}, {@literal &lt;}, {@link Foo#bar(int) label}, {@link Foo#bar(int, long)},
                {@link #baz}, {@linkplain java.util.List a list}, {@value Integer#MAX_VALUE},
                {@inheritDoc}{@index "hash code" hashes},
                {@summary A summary.} {@link Foo {@code Bar}} <span class="x">kept</span>
                <a href="../x.html#y">anchor text</a> {@unknown its text} {@return the sum} {@code
                null}
                """;
        assertThat(JavadocText.toPlainText(javadoc, 40)).isEqualTo("""
                a < b, &lt;, label, Foo.bar(int, long),
                baz, a list, Integer.MAX_VALUE, hash
                code, A summary. Bar kept anchor text
                its text Returns the sum. null""");
    }

    @Test
    void listItemsBecomeBullets() {
        String javadoc = """
                Items:
                <ul>
                  <li>first item that is long enough to wrap onto a second line
                  <li>second with <code>code</code>
                    <ol><li>nested</li></ol></li>
                </ul>
                After.
                """;
        assertThat(JavadocText.toPlainText(javadoc, 40)).isEqualTo("""
                Items:

                  - first item that is long enough to
                    wrap onto a second line
                  - second with code

                  - nested

                After.""");
    }

    @Test
    void blockTagsBecomeSectionsInJshellsOrder() {
        String javadoc = """
                Adds.
                @since 1.5
                @see Foo#bar(int)
                @see #baz(String, int) the baz method
                @see "The Java Language Specification"
                @throws IllegalArgumentException if {@code a} is negative,
                   or too large
                @implNote Fast.
                @param a the first
                @param <T> the type
                @return the sum of
                        {@code a} and {@code b}
                @param b the second,
                         a longer description that goes on
                @apiNote Use it.
                @implSpec Calls {@link #add}.
                @author Someone
                @deprecated use {@link #plus} instead
                @custom odd""";
        assertThat(JavadocText.toPlainText(javadoc, 40)).isEqualTo("""
                Adds.

                Deprecated:
                    use plus instead
                API Note:
                    Use it.
                Implementation Requirements:
                    Calls add.
                Implementation Note:
                    Fast.
                Type Parameters:
                    T - the type
                Parameters:
                    a - the first
                    b - the second, a longer description
                        that goes on
                Returns:
                    the sum of a and b
                Throws:
                    IllegalArgumentException - if a is
                        negative, or too large
                See Also:
                    Foo.bar(int)
                    the baz method
                    "The Java Language Specification"
                Since:
                    1.5
                Author:
                    Someone
                Custom:
                    odd""");
    }

    @Test
    void oddInputStaysReadable() {
        assertThat(JavadocText.toPlainText("", 80)).isEmpty();
        assertThat(JavadocText.toPlainText("@return x", 80)).isEqualTo("Returns:\n    x");
        assertThat(JavadocText.toPlainText("a < b & c {@code unclosed <pre>", 80))
                .isEqualTo("a < b & c unclosed <pre>");
        assertThat(JavadocText.toPlainText("<pre>\n  kept\n", 80)).isEqualTo("    kept");
        assertThat(JavadocText.toPlainText("averyveryverylongword short", 10))
                .isEqualTo("averyveryverylongword\nshort");
    }

    @Test
    void everyPieceOfACommentCutAnywhereStillFormats() {
        String javadoc = """
                A <a href="x">link</a> &amp; &#64; &bogus; &#xZZ; {@code Map<K, V> m = new HashMap<>() {{ }}}
                <ul><li>item <ol><li>nested</ol></ul> <table><tr><td>cell</td></tr></table>
                <pre>{@code
                  @Override void f() { }
                }</pre> {@index "" x} {@index \"} {@link} {@value} {@snippet file="x"} {@snippet :
                  code(); // @highlight
                }
                @param <T> type @param @throws
                @see <a href="y">see</a>
                @unknown
                """;
        for (int i = 0; i <= javadoc.length(); i++) {
            for (String piece : List.of(javadoc.substring(0, i), javadoc.substring(i))) {
                assertThat(JavadocText.toPlainText(piece, 20)).isNotNull(); // and throws nothing
            }
        }
    }

    /**
     * The JDK's own javadoc, as JShell's analysis gives it. The JDK must ship its sources
     * ({@code lib/src.zip}) for there to be any; where it does, every overload is checked.
     */
    @Test
    void realJdkDocumentationReadsAsPlainText() {
        List<String> texts = new ArrayList<>();
        try (JShell jshell = JShell.builder().executionEngine("local").build()) {
            SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
            for (String input : List.of("Math.max(", "String.format(", "java.util.List.of(")) {
                for (SourceCodeAnalysis.Documentation doc : analysis.documentation(input, input.length(), true)) {
                    if (doc.javadoc() != null && !doc.javadoc().isBlank()) {
                        texts.add(doc.signature() + "\n" + JavadocText.toPlainText(doc.javadoc().strip(), 80));
                    }
                }
            }
        }
        if (Files.exists(Path.of(System.getProperty("java.home"), "lib", "src.zip"))) {
            assertThat(texts).anySatisfy(text -> assertThat(text).startsWith("int Math.max(int a, int b)\n").contains(
                    "Integer.MAX_VALUE",
                    "\nParameters:\n    a - an argument.\n    b - another argument.\n",
                    "\nReturns:\n    the larger of a and b."));
            assertThat(texts).anySatisfy(text -> assertThat(text).startsWith("String String.format(String format")
                    .contains("\nParameters:\n    format - A format string\n", "\nSince:\n    1.5"));
            assertThat(texts).anySatisfy(text -> assertThat(text)
                    .contains("\nType Parameters:\n    E - the List's element type"));
        }
        for (String text : texts) {
            assertThat(text).doesNotContain("{@", "<p>", "<a ", "</", "&lt;", "&gt;", "&amp;", "&#", "@param");
            assertThat(text.lines().skip(1)).allSatisfy(line -> assertThat(line.length() <= 80 || !line.strip()
                    .contains(" ")).as("wrapped to 80 columns: %s", line).isTrue());
        }
    }
}
