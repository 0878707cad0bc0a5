package liveloop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import org.junit.jupiter.api.Test;

/** A long session's history stays bounded, and still rolls back to the newest clean version. */
class BehaviourHistoryTest {
    @Test
    void keepsTheNewestVersionsAndTheNewestCleanOne() {
        BehaviourHistory history = new BehaviourHistory();
        int versions = 3 * BehaviourHistory.KEPT_VERSIONS;
        try (JShell jshell = JShell.builder().executionEngine("local").build()) {
            for (int v = 1; v <= versions; v++) {
                Snippet green = jshell.eval("String green() { return \"" + v + "\"; }").get(0).snippet();
                history.record(Map.of("green", green), "prompt");
                if (v == 2) {
                    history.ranCleanly("green"); // the only version that ever ran cleanly
                }
            }
        }
        BehaviourHistory.Entry newest = history.running("green");
        assertThat(newest.number).as("numbers go on past the versions forgotten").isEqualTo(versions);
        BehaviourHistory.Entry clean = history.lastGoodBefore(newest);
        assertThat(clean).isNotNull();
        assertThat(clean.number).isEqualTo(2);
        assertThat(clean.source).contains("\"2\"");
    }
}
