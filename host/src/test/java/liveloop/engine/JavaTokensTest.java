package liveloop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the prompt tells of an input without the session, while the host starts. */
class JavaTokensTest {
    @Test
    void anInputIsCompleteOnceItClosesEveryBracketItOpens() {
        assertThat(JavaTokens.closesEverything("1 + 1")).isTrue();
        assertThat(JavaTokens.closesEverything("String green() {")).isFalse();
        assertThat(JavaTokens.closesEverything("String green() {\n  return \"red\";\n}")).isTrue();
        assertThat(JavaTokens.closesEverything("Math.max(3,")).isFalse();
        assertThat(JavaTokens.closesEverything("int[] a = {1, 2")).isFalse();
    }

    @Test
    void bracketsInStringsCharactersAndCommentsDoNotCount() {
        assertThat(JavaTokens.closesEverything("String s = \"{(\";")).isTrue();
        assertThat(JavaTokens.closesEverything("char c = '{';")).isTrue();
        assertThat(JavaTokens.closesEverything("String s = \"\\\"{\";")).isTrue();
        assertThat(JavaTokens.closesEverything("int x = 1; // {")).isTrue();
        assertThat(JavaTokens.closesEverything("int x = 1; /* { */")).isTrue();
        assertThat(JavaTokens.closesEverything("void f() { // }")).isFalse();
        assertThat(JavaTokens.closesEverything("String s = \"a\\\n{\";")).isTrue(); // an escaped line break stays in the string
    }

    @Test
    void anOpenCommentOrTextBlockWaitsForItsEnd() {
        assertThat(JavaTokens.closesEverything("/* a note")).isFalse();
        assertThat(JavaTokens.closesEverything("/*/")).isFalse();
        assertThat(JavaTokens.closesEverything("String s = \"\"\"\n  {")).isFalse();
        assertThat(JavaTokens.closesEverything("String s = \"\"\"\n  {\n  \"\"\";")).isTrue();
    }

    @Test
    void aSnippetMayEndAfterEachSemicolonOrBraceOutsideBracketsCommentsAndLiterals() {
        assertThat(JavaTokens.snippetEnds("int x = 1; void f() { x++; }\nString s = \";}\"; // ;")).containsExactly(10, 28, 45);
        assertThat(JavaTokens.snippetEnds("for (;;) {} char c = '}';")).containsExactly(11, 25);
    }

    @Test
    void noSnippetEndIsKnownInTextWithAnOpenLiteralOrComment() {
        assertThat(JavaTokens.snippetEnds("int x = 1; String s = \"open;")).isEmpty();
        assertThat(JavaTokens.snippetEnds("int x = 1; String s = \"open\\\";")).as("an escaped quote").isEmpty();
        assertThat(JavaTokens.snippetEnds("int x = 1; /* open;")).isEmpty();
        assertThat(JavaTokens.snippetEnds("String s = \"\\\\\";")).as("an escaped backslash").containsExactly(16);
    }
}
