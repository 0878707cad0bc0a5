package liveloop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitterTest {
    private static final long PERIOD = 10_000;

    @Test
    void onScheduleTicksAreAsLateAsTheLoopSays() {
        long[] starts = {0, 10_000, 20_050, 30_000};
        long[] reported = {0, 0, 50, 0};
        assertThat(Jitter.latenesses(new TickProbe.TickRecord(starts, reported), PERIOD)).containsExactly(0, 0, 50, 0);
    }

    @Test
    void aTickAChangeHeldIsLateThoughTheLoopReAnchoredItsSchedule() {
        // The third tick was held 4,000 ns by a change; the loop resumed at once and reports it on time.
        long[] starts = {0, 10_000, 24_000, 34_000};
        long[] reported = {0, 0, 0, 0};
        assertThat(Jitter.latenesses(new TickProbe.TickRecord(starts, reported), PERIOD))
                .containsExactly(0, 0, 4_000, 0);
    }

    @Test
    void aTickThatCatchesUpAfterALateOneIsNotLate() {
        long[] starts = {0, 13_000, 20_000};
        long[] reported = {0, 3_000, 0};
        assertThat(Jitter.latenesses(new TickProbe.TickRecord(starts, reported), PERIOD)).containsExactly(0, 3_000, 0);
    }

    @Test
    void theMachineFloorTimesEachDeadlineAndStopsItsBusyThreads() throws Exception {
        Samples floor = Jitter.machineFloor(1000, 50, 0);
        assertThat(floor.size()).isEqualTo(50);
        assertThat(Jitter.machineFloor(1000, 50, 100_000).size()).isEqualTo(50);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("bench-busy-"));
    }
}
