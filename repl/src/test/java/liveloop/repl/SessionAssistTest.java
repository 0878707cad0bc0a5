package liveloop.repl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the prompt tells of an input without the session, while the host starts. */
class SessionAssistTest {
    @Test
    void anInputIsCompleteOnceItClosesEveryBracketItOpens() {
        assertThat(SessionAssist.closesEverything("1 + 1")).isTrue();
        assertThat(SessionAssist.closesEverything("String green() {")).isFalse();
        assertThat(SessionAssist.closesEverything("String green() {\n  return \"red\";\n}")).isTrue();
        assertThat(SessionAssist.closesEverything("Math.max(3,")).isFalse();
        assertThat(SessionAssist.closesEverything("int[] a = {1, 2")).isFalse();
    }

    @Test
    void bracketsInStringsCharactersAndCommentsDoNotCount() {
        assertThat(SessionAssist.closesEverything("String s = \"{(\";")).isTrue();
        assertThat(SessionAssist.closesEverything("char c = '{';")).isTrue();
        assertThat(SessionAssist.closesEverything("String s = \"\\\"{\";")).isTrue();
        assertThat(SessionAssist.closesEverything("int x = 1; // {")).isTrue();
        assertThat(SessionAssist.closesEverything("int x = 1; /* { */")).isTrue();
        assertThat(SessionAssist.closesEverything("void f() { // }")).isFalse();
    }

    @Test
    void anOpenCommentOrTextBlockWaitsForItsEnd() {
        assertThat(SessionAssist.closesEverything("/* a note")).isFalse();
        assertThat(SessionAssist.closesEverything("String s = \"\"\"\n  {")).isFalse();
        assertThat(SessionAssist.closesEverything("String s = \"\"\"\n  {\n  \"\"\";")).isTrue();
    }
}
