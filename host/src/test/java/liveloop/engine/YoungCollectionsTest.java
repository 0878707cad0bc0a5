package liveloop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.TimeUnit;
import liveloop.loop.Clock;
import liveloop.loop.TickLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The collection a compile would bring about comes first, just after a tick. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class YoungCollectionsTest {
    private static volatile Object sink;

    private final YoungCollections young = YoungCollections.forThisJvm();
    private TickLoop loop;

    @BeforeEach
    void start() {
        assumeTrue(young != null, "a collector with an eden (the tests run under G1)");
        loop = new TickLoop(Clock.system(), 50, n -> {});
        loop.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.close();
        }
    }

    @Test
    void aNearlyFullEdenIsCollectedJustAfterTheNextTick() throws Exception {
        loop.resume();
        while (!young.due()) {
            sink = new byte[64 << 10]; // garbage: eden fills, a collection empties it, it fills again
        }
        long collections = young.collections();
        long ticks = loop.ticks();

        young.beforeCompile(loop);

        assertThat(young.collections()).as("collections").isGreaterThan(collections);
        assertThat(loop.ticks()).as("ticks run first").isGreaterThan(ticks);
    }

    @Test
    void nothingHappensWhileEdenHasRoom() throws Exception {
        System.gc(); // empties eden
        assertThat(young.due()).isFalse();
        long collections = young.collections();

        young.beforeCompile(loop);

        assertThat(young.collections()).isEqualTo(collections);
    }
}
