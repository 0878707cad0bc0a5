package liveloop.loop;

import liveloop.LoggedRecords;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liveloop.os.SchedulerSlice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives the loop with a {@link ManualClock}: a tick can only fall due when the test moves time,
 * so each tick is awaited (with a deadline) and checked for the time it ran at. A tick that
 * should not have happened shows up as a tick with the wrong number or time when the next
 * expected one is taken: each test ends on such a positive control.
 */
class TickLoopTest {
    private static final double HZ = 100;
    private static final Duration PERIOD = Duration.ofMillis(10);
    private static final long WAIT_SECONDS = 5;

    /** One tick as the ticker saw it. */
    record Tick(long number, long at, boolean paused, String thread) {}

    private final ManualClock clock = new ManualClock();
    private final BlockingQueue<Tick> ticks = new LinkedBlockingQueue<>();
    private TickLoop loop;

    @AfterEach
    void close() throws InterruptedException {
        if (loop != null) {
            loop.close();
        }
    }

    private TickLoop start(TickLoop.Ticker ticker) {
        loop = new TickLoop(clock, HZ, ticker);
        loop.start();
        return loop;
    }

    private TickLoop start() {
        return start(this::record);
    }

    private void record(long tick) {
        ticks.add(new Tick(tick, clock.nanoTime(), loop.isPaused(), Thread.currentThread().getName()));
    }

    private Tick nextTick() throws InterruptedException {
        Tick tick = ticks.poll(WAIT_SECONDS, SECONDS);
        assertThat(tick).as("a tick within %d s", WAIT_SECONDS).isNotNull();
        return tick;
    }

    /** Takes the next tick and checks its number and the time it ran at. */
    private Tick expectTick(long number, long atPeriods) throws InterruptedException {
        Tick tick = nextTick();
        assertThat(tick.number()).as("tick number").isEqualTo(number);
        assertThat(tick.at()).as("time of tick %d, in periods: %s", number, (double) tick.at() / PERIOD.toNanos())
                .isEqualTo(periods(atPeriods));
        return tick;
    }

    private static long periods(long n) {
        return n * PERIOD.toNanos();
    }

    private void advance(long periods) {
        clock.advance(PERIOD.multipliedBy(periods));
    }

    /** Checks that {@code future} failed because the loop had stopped (not that it timed out). */
    private static void assertRefused(CompletableFuture<?> future) {
        assertThatThrownBy(() -> future.get(WAIT_SECONDS, SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessage("the loop has stopped");
    }

    /**
     * Waits until the loop thread has parked (paused, held, or waiting for the clock), so it has
     * acted on everything done before this call.
     */
    private void awaitLoopParked() throws Exception {
        Thread thread = loop.call(Thread::currentThread);
        long deadline = System.nanoTime() + SECONDS.toNanos(WAIT_SECONDS);
        while (thread.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as("the loop thread parks within %d s", WAIT_SECONDS).isLessThan(deadline);
            LockSupport.parkNanos(100_000);
        }
    }

    /** The tick count, read on the loop thread, so after any tick in progress has finished. */
    private long ticksOnLoop() throws Exception {
        return loop.call(loop::ticks);
    }

    @Test
    void startsPausedAndTicksOnlyAfterResume() throws Exception {
        start();
        advance(5);

        assertThat(loop.isPaused()).isTrue();
        assertThat(ticksOnLoop()).isZero();
        assertThat(ticks).isEmpty();

        loop.resume();
        Tick first = expectTick(1, 5); // at once, at the time of the resume
        assertThat(first.paused()).isFalse();
        assertThat(first.thread()).isEqualTo("liveloop-loop");
        advance(1);
        expectTick(2, 6);
    }

    @Test
    void ticksOncePerPeriod() throws Exception {
        start().resume();
        expectTick(1, 0);
        for (int i = 1; i <= 20; i++) {
            advance(1);
            expectTick(i + 1, i);
        }
        assertThat(ticksOnLoop()).isEqualTo(21);

        // Positive control: half a period brings no tick, the other half brings exactly one.
        clock.advance(PERIOD.dividedBy(2));
        assertThat(ticksOnLoop()).isEqualTo(21);
        clock.advance(PERIOD.dividedBy(2));
        expectTick(22, 21);
    }

    /** What a collection waits for, so as to fall between two ticks. */
    @Test
    void awaitNextTickReturnsOnceTheNextTickHasRun() throws Exception {
        start().resume();
        expectTick(1, 0);
        CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> {
            try {
                loop.awaitNextTick();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> new Thread(runnable, "awaiting").start());
        awaitLoopParked();
        assertThat(waited).as("done before the tick").isNotDone();

        advance(1);
        expectTick(2, 1);
        waited.get(WAIT_SECONDS, SECONDS);
    }

    @Test
    void awaitNextTickReturnsAtOnceWhilePaused() throws Exception {
        start();
        CompletableFuture.runAsync(() -> {
            try {
                loop.awaitNextTick();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).get(WAIT_SECONDS, SECONDS);
        assertThat(ticksOnLoop()).isZero();
    }

    /** Linux 6.12 and later let a thread with a short slice preempt a busy one as it wakes. */
    @Test
    void theLoopThreadAsksForShortSchedulerSlices() throws Exception {
        Assumptions.assumeTrue(isLinuxAtLeast(6, 12), "a kernel that takes a slice: Linux 6.12+");
        start();
        assertThat(loop.call(SchedulerSlice::current)).isEqualTo(100_000L);
        assertThat(SchedulerSlice.current()).as("another thread's").isNotEqualTo(100_000L);
    }

    private static boolean isLinuxAtLeast(int major, int minor) {
        Matcher version = Pattern.compile("(\\d+)\\.(\\d+).*").matcher(System.getProperty("os.version"));
        return System.getProperty("os.name").equals("Linux") && version.matches()
                && Integer.parseInt(version.group(1)) * 1000 + Integer.parseInt(version.group(2)) >= major * 1000 + minor;
    }

    @Test
    void aLongStallDoesNotTickTwiceAtOnce() throws Exception {
        start().resume();
        expectTick(1, 0);
        advance(10);
        expectTick(2, 10); // one late tick for the ten missed
        assertThat(loop.status().lastLatenessNanos()).isEqualTo(periods(9));

        advance(1);
        expectTick(3, 11); // not a second tick at 10: the schedule restarts from the late tick
        assertThat(loop.status().lastLatenessNanos()).isZero();
    }

    @Test
    void pauseStopsTickingAndResumeTicksAtOnceWithoutCatchingUp() throws Exception {
        start().resume();
        expectTick(1, 0);
        advance(1);
        expectTick(2, 1);

        loop.pause();
        assertThat(loop.isPaused()).isTrue();
        advance(5);
        assertThat(ticksOnLoop()).isEqualTo(2);

        loop.resume();
        assertThat(expectTick(3, 6).paused()).isFalse();
        advance(1);
        expectTick(4, 7);
    }

    @Test
    void resumingRightAfterAPauseKeepsTheSchedule() throws Exception {
        start().resume();
        expectTick(1, 0);
        loop.pause();
        awaitLoopParked();
        loop.resume();

        clock.advance(PERIOD.dividedBy(2));
        assertThat(ticksOnLoop()).isEqualTo(1);
        clock.advance(PERIOD.dividedBy(2));
        expectTick(2, 1);
    }

    @Test
    void stepRunsExactlyNTicksAtTheRateThenStaysPaused() throws Exception {
        start();
        advance(3);

        CompletableFuture<Long> stepped = loop.step(3);
        assertThat(expectTick(1, 3).paused()).isTrue();
        assertThat(stepped).isNotDone();
        advance(1);
        expectTick(2, 4);
        advance(1);
        expectTick(3, 5);
        assertThat(stepped.get(WAIT_SECONDS, SECONDS)).isEqualTo(3);
        assertThat(loop.isPaused()).isTrue();

        advance(3);
        assertThat(ticksOnLoop()).isEqualTo(3);
        assertThat(loop.step(1).get(WAIT_SECONDS, SECONDS)).isEqualTo(4);
        expectTick(4, 8);
    }

    @Test
    void stepWhileRunningPauses() throws Exception {
        start().resume();
        expectTick(1, 0);

        CompletableFuture<Long> stepped = loop.step(1);
        assertThat(loop.isPaused()).isTrue();
        advance(1);
        expectTick(2, 1);
        assertThat(stepped.get(WAIT_SECONDS, SECONDS)).isEqualTo(2);

        advance(2);
        assertThat(ticksOnLoop()).isEqualTo(2);
        loop.resume();
        expectTick(3, 3);
    }

    @Test
    void pauseAndResumeCompleteAPendingStep() throws Exception {
        start();
        CompletableFuture<Long> stepped = loop.step(5);
        expectTick(1, 0);
        assertThat(ticksOnLoop()).isEqualTo(1); // the tick has finished
        loop.pause();
        assertThat(stepped.get(WAIT_SECONDS, SECONDS)).isEqualTo(1);

        CompletableFuture<Long> again = loop.step(5); // waits for tick 2's time
        loop.resume();
        assertThat(again.get(WAIT_SECONDS, SECONDS)).isEqualTo(1);
        advance(1);
        assertThat(expectTick(2, 1).paused()).isFalse();
    }

    @Test
    void aStepOfLessThanOneIsRejected() {
        start();
        assertThatThrownBy(() -> loop.step(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("step count must be at least 1, was 0");
    }

    @Test
    void setHzChangesThePeriod() throws Exception {
        start().resume();
        expectTick(1, 0);
        awaitLoopParked(); // waiting for tick 2, at the old period
        loop.setHz(HZ / 2);
        assertThat(loop.status().targetHz()).isEqualTo(HZ / 2);

        advance(1);
        assertThat(ticksOnLoop()).isEqualTo(1);
        advance(1);
        expectTick(2, 2);
        advance(1);
        assertThat(ticksOnLoop()).isEqualTo(2);
        advance(1);
        expectTick(3, 4);
    }

    @Test
    void aFasterRateAppliesToTheTickBeingWaitedFor() throws Exception {
        loop = new TickLoop(clock, 1, this::record);
        loop.start();
        loop.resume();
        expectTick(1, 0);
        awaitLoopParked(); // waiting for tick 2, a second away

        loop.setHz(HZ); // must not wait out the old one-second period
        advance(1);
        expectTick(2, 1);
        advance(1);
        expectTick(3, 2);
    }

    @Test
    void stopAfterEndsTheLoopAtExactlyThatTick() throws Exception {
        start().stopAfter(3);
        loop.resume();
        expectTick(1, 0);
        advance(1);
        expectTick(2, 1);
        advance(1);
        expectTick(3, 2);
        assertThat(loop.stopped().get(WAIT_SECONDS, SECONDS)).isEqualTo(3);

        // The thread has ended (stopped() completes last), so nothing can tick any more.
        advance(5);
        assertThat(loop.ticks()).isEqualTo(3);
        assertThat(ticks).isEmpty();
        assertRefused(loop.submit(() -> "late"));
    }

    @Test
    void stopAfterATickAlreadyRunStopsWithoutAnotherTick() throws Exception {
        start().resume();
        expectTick(1, 0);
        advance(1);
        expectTick(2, 1);
        loop.pause();

        loop.stopAfter(2);
        assertThat(loop.stopped().get(WAIT_SECONDS, SECONDS)).isEqualTo(2);
        assertThat(ticks).isEmpty();
    }

    @Test
    void submittedWorkRunsOnTheLoopThreadWhilePaused() throws Exception {
        start();
        CompletableFuture<String> thread = loop.submit(() -> Thread.currentThread().getName());
        assertThat(thread.get(WAIT_SECONDS, SECONDS)).isEqualTo("liveloop-loop");
        assertThat(loop.call(loop::isLoopThread)).isTrue();
        assertThat(loop.isLoopThread()).isFalse();
        assertThat(ticks).isEmpty();
    }

    @Test
    void submittedWorkWaitsForTheTickInProgress() throws Exception {
        CountDownLatch inTick = new CountDownLatch(1);
        CountDownLatch finishTick = new CountDownLatch(1);
        AtomicBoolean ticking = new AtomicBoolean();
        start(tick -> {
            ticking.set(true);
            inTick.countDown();
            try {
                assertThat(finishTick.await(WAIT_SECONDS, SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ticking.set(false);
        });
        loop.resume();
        assertThat(inTick.await(WAIT_SECONDS, SECONDS)).isTrue();

        CompletableFuture<Boolean> sawATick = loop.submit(ticking::get);
        CompletableFuture<Long> count = loop.submit(loop::ticks);
        assertThat(sawATick).isNotDone();
        finishTick.countDown();

        assertThat(sawATick.get(WAIT_SECONDS, SECONDS)).isFalse();
        assertThat(count.get(WAIT_SECONDS, SECONDS)).isEqualTo(1);
    }

    @Test
    void callRethrowsWhatTheWorkThrew() {
        start();
        assertThatThrownBy(() -> loop.call(() -> {
            throw new IOException("disk gone");
        })).isInstanceOf(IOException.class).hasMessage("disk gone");
        assertThatThrownBy(() -> loop.call(() -> {
            throw new LinkageError("bad class");
        })).isInstanceOf(LinkageError.class).hasMessage("bad class");
        CompletableFuture<Object> failed = loop.submit(() -> {
            throw new IllegalStateException("broken");
        });
        assertThatThrownBy(() -> failed.get(WAIT_SECONDS, SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessage("broken");
    }

    @Test
    void submitFromTheLoopThreadRunsInline() throws Exception {
        start();
        String order = loop.call(() -> {
            StringBuilder log = new StringBuilder("outer;");
            CompletableFuture<String> inner = loop.submit(() -> {
                log.append("inner;");
                return "done";
            });
            log.append(inner.isDone() ? inner.join() : "queued");
            return log.toString();
        });
        assertThat(order).isEqualTo("outer;inner;done");
        assertThat(loop.call(() -> loop.call(() -> 42))).isEqualTo(42); // no deadlock on itself
    }

    @Test
    void submitFromATickRunsInline() throws Exception {
        CompletableFuture<Boolean> ranInline = new CompletableFuture<>();
        start(tick -> ranInline.complete(loop.submit(() -> "x").isDone()));
        loop.resume();
        assertThat(ranInline.get(WAIT_SECONDS, SECONDS)).isTrue();
    }

    @Test
    void holdStopsTickingButStillRunsWork() throws Exception {
        start().resume();
        expectTick(1, 0);

        loop.hold();
        loop.hold();
        advance(3);
        assertThat(loop.call(() -> Thread.currentThread().getName())).isEqualTo("liveloop-loop");
        loop.release();
        advance(1);
        assertThat(ticksOnLoop()).isEqualTo(1); // one hold is still on

        loop.release();
        expectTick(2, 4); // at once: a tick is due, but only one
        advance(1);
        expectTick(3, 5);
    }

    @Test
    void releasingAShortHoldDoesNotTickEarly() throws Exception {
        start().resume();
        expectTick(1, 0);

        loop.hold();
        assertThat(loop.call(() -> "change applied")).isEqualTo("change applied");
        awaitLoopParked();
        loop.release();

        clock.advance(PERIOD.dividedBy(2));
        assertThat(ticksOnLoop()).isEqualTo(1);
        clock.advance(PERIOD.dividedBy(2));
        expectTick(2, 1);
    }

    @Test
    void aHoldAskedForJustBeforeADueTickWaitsForThatTick() throws Exception {
        start().resume();
        expectTick(1, 0);
        // One change held the loop for 0.4 of a period: later ones are expected to take as long.
        loop.hold();
        clock.advance(PERIOD.multipliedBy(4).dividedBy(10));
        loop.release();
        clock.advance(PERIOD.multipliedBy(2).dividedBy(10)); // the next tick is due in 0.4 of a period

        Thread changer = new Thread(() -> {
            try {
                loop.hold();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        changer.start();
        long deadline = System.nanoTime() + SECONDS.toNanos(WAIT_SECONDS);
        while (changer.getState() != Thread.State.WAITING && changer.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as("the change waits for the due tick").isLessThan(deadline);
            LockSupport.parkNanos(100_000);
        }
        assertThat(ticksOnLoop()).isEqualTo(1);

        clock.advance(PERIOD.multipliedBy(4).dividedBy(10));
        expectTick(2, 1); // on time; the change begins after it
        changer.join(SECONDS.toMillis(WAIT_SECONDS));
        assertThat(changer.isAlive()).as("the hold began after the tick").isFalse();
        advance(1);
        assertThat(ticksOnLoop()).as("held: no tick until released").isEqualTo(2);
        loop.release();
        expectTick(3, 2);
    }

    @Test
    void releaseWithoutHoldThrows() throws Exception {
        start();
        assertThatThrownBy(loop::release)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("release() without hold()");
        loop.hold();
        loop.release();
        assertThatThrownBy(loop::release).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTickerThatThrowsDoesNotKillTheLoop() throws Exception {
        IllegalStateException bug = new IllegalStateException("a host bug in tick 2");
        LoggedRecords logged = new LoggedRecords(TickLoop.class);
        try {
            start(tick -> {
                record(tick);
                if (tick == 2) {
                    throw bug;
                }
            });
            loop.resume();
            expectTick(1, 0);
            advance(1);
            expectTick(2, 1);
            advance(1);
            expectTick(3, 2);
            assertThat(ticksOnLoop()).isEqualTo(3);
        } finally {
            logged.close();
        }
        assertThat(logged.records()).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(record.getMessage()).isEqualTo("tick 2 failed");
            assertThat(record.getThrown()).isSameAs(bug);
        });
    }

    @Test
    void closeEndsTheThreadAndLaterWorkFails() throws Exception {
        start().resume();
        expectTick(1, 0);
        Thread thread = loop.call(Thread::currentThread);

        loop.close();
        assertThat(thread.isAlive()).isFalse();
        assertThat(loop.stopped()).isCompletedWithValue(1L);

        assertRefused(loop.submit(() -> "late"));
        assertThatThrownBy(() -> loop.call(() -> "late"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the loop has stopped");
        assertRefused(loop.step(1));
        advance(3);
        assertThat(ticks).isEmpty();
    }

    @Test
    void closeCompletesAPendingStep() throws Exception {
        start();
        CompletableFuture<Long> stepped = loop.step(3);
        expectTick(1, 0);
        loop.close();
        assertThat(stepped).isCompletedWithValue(1L);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, 10_000.5, Double.POSITIVE_INFINITY})
    void invalidRatesAreRejected(double hz) {
        String message = "tick rate must be above 0 and at most 10000 Hz, was " + hz;
        assertThatThrownBy(() -> new TickLoop(clock, hz, tick -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        TickLoop valid = new TickLoop(clock, 10_000, tick -> {});
        assertThatThrownBy(() -> valid.setHz(hz))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThat(valid.status().targetHz()).isEqualTo(10_000);
    }

    @Test
    void statusReportsTicksRateAndPause() throws Exception {
        start();
        LoopStatus before = loop.status();
        assertThat(before.ticks()).isZero();
        assertThat(before.targetHz()).isEqualTo(HZ);
        assertThat(before.actualHz()).isZero();
        assertThat(before.paused()).isTrue();

        loop.resume();
        expectTick(1, 0);
        advance(1);
        expectTick(2, 1);
        advance(1);
        expectTick(3, 2);
        loop.setHz(250);

        LoopStatus after = loop.call(loop::status);
        assertThat(after.ticks()).isEqualTo(3);
        assertThat(after.targetHz()).isEqualTo(250);
        assertThat(after.actualHz()).isCloseTo(HZ, within(1e-9));
        assertThat(after.paused()).isFalse();
        assertThat(after.lastLatenessNanos()).isZero();

        loop.pause();
        assertThat(loop.status().paused()).isTrue();
    }

    @Test
    void ticksAtRoughlyTheRateOnTheSystemClock() throws Exception {
        double hz = 200;
        loop = new TickLoop(Clock.system(), hz, tick -> {});
        loop.start();
        loop.resume();
        long startTicks = loop.ticks();
        long start = System.nanoTime();
        Thread.sleep(500); // measuring real time: the elapsed time is measured, not assumed
        long ticked = loop.ticks() - startTicks;
        double expected = (System.nanoTime() - start) / 1e9 * hz;

        assertThat((double) ticked).isBetween(expected * 0.5, expected * 1.5);
        assertThat(loop.status().actualHz()).isBetween(hz * 0.5, hz * 1.5);
    }
}
