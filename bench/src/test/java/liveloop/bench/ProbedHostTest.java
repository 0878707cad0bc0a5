package liveloop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The measured script runs, and both kinds of change reach a tick: the bench cannot rot silently. */
class ProbedHostTest {
    @Test
    void theProbeScriptHasFiftyLines() {
        assertThat(ProbeScript.withVersion(7).lines()).hasSize(ProbeScript.LINES);
        assertThat(ProbeScript.withVersion(7)).contains("long version() { return 7L; }");
    }

    @Test
    void aSaveAndAPromptRedefinitionEachReachATick() throws Exception {
        try (ProbedHost host = ProbedHost.start(200)) {
            assertThat(host.save()).isPositive().isLessThan(ProbedHost.TIMEOUT_MILLIS);
            assertThat(host.prompt()).isPositive().isLessThan(ProbedHost.TIMEOUT_MILLIS);
            host.redefine();
            host.checkNoErrors();
        }
    }
}
