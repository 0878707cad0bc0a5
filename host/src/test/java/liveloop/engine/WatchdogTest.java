package liveloop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import liveloop.Await;
import liveloop.agent.LiveloopAgent;
import liveloop.loop.Clock;
import liveloop.loop.TickLoop;
import liveloop.machine.Behaviours;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Work that waits where no cancellation check runs (a sleep, a wait, a lock, I/O) is
 * interrupted once past its budget, what it waits on is reported, and the loop ticks on.
 */
class WatchdogTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int HZ = 200;

    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final List<Throwable> tickFaults = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private TickLoop loop;
    private Watchdog watchdog;
    private JShellEngine engine;

    /** A loop, a watchdog and a session, wired as the host wires them; ticks run {@code start()}. */
    private void open(Map<String, Object> bindings, Consumer<String> report, Duration evaluationBudget) {
        loop = new TickLoop(Clock.system(), HZ, tick -> {
            try {
                Behaviours.State start = engine.behaviours().state("start");
                if (start != null) {
                    start.run();
                }
            } catch (Throwable e) {
                tickFaults.add(e);
            } finally {
                watchdog.tickEnded();
            }
        });
        watchdog = new Watchdog(loop, Duration.ofMillis(200), evaluationBudget, report);
        loop.start();
        watchdog.start();
        engine = JShellEngine.open(loop, getClass().getClassLoader(), LiveloopAgent.instrumentation().orElseThrow(),
                bindings);
        loop.resume();
    }

    private void open(Map<String, Object> bindings) {
        open(bindings, reports::add, Duration.ofMillis(300));
    }

    @AfterEach
    void close() throws InterruptedException {
        release.countDown();
        if (engine != null) {
            engine.close();
        }
        if (loop != null) {
            loop.close();
        }
        if (watchdog != null) {
            watchdog.close();
        }
    }

    private SnippetResult eval(String source) throws Exception {
        List<SnippetResult> results = engine.eval(source).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).results();
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    @Test
    void aSleepingEvaluationIsInterruptedAndWhereItSleepsIsReported() throws Exception {
        open(Map.of());
        eval("void nap() throws InterruptedException { Thread.sleep(Long.MAX_VALUE); }");
        assertThat(eval("nap()").failure().headline()).isEqualTo("java.lang.InterruptedException: sleep interrupted");
        await(() -> !reports.isEmpty());
        assertThat(reports).singleElement().isEqualTo("the evaluation ran past its budget of 300 ms and is waiting in "
                + "java.lang.Thread.sleep, in nap() < the snippet; interrupted it (code that ignores interrupts, such as "
                + "ReentrantLock.lock() or a stream read, waits on)");
        assertTicksAtItsRate();
    }

    @Test
    void aStopRequestWakesASleepingEvaluationWithinItsBudget() throws Exception {
        open(Map.of(), reports::add, Duration.ofMinutes(10));
        eval("void nap() throws InterruptedException { Thread.sleep(Long.MAX_VALUE); }");
        CompletableFuture<Evaluation> napping = engine.eval("nap()");
        await(() -> loop.busySince() != 0 && loop.thread().getState() == Thread.State.TIMED_WAITING);
        assertThat(watchdog.stopNow("stopped by /stop")).isTrue();
        SnippetResult result = napping.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).results().get(0);
        assertThat(result.failure().headline()).isEqualTo("java.lang.InterruptedException: sleep interrupted");
        await(() -> !reports.isEmpty());
        assertThat(reports).singleElement().asString().startsWith("the evaluation was stopped by /stop and is waiting in "
                + "java.lang.Thread.sleep, in nap() < the snippet; interrupted it");
        assertThat(watchdog.stopNow("stopped by /stop")).as("nothing left to stop").isFalse();
        assertTicksAtItsRate();
    }

    @Test
    void codeThatWaitsAgainAfterTheInterruptIsInterruptedAgainButReportedOnce() throws Exception {
        open(Map.of());
        eval("void twice() throws InterruptedException { "
                + "try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { } Thread.sleep(Long.MAX_VALUE); }");
        assertThat(eval("twice()").failure().headline()).isEqualTo("java.lang.InterruptedException: sleep interrupted");
        await(() -> !reports.isEmpty());
        assertThat(reports).hasSize(1);
        assertTicksAtItsRate();
    }

    @Test
    void waitingOnAnObjectIsInterruptedAndTheObjectReported() throws Exception {
        open(Map.of());
        eval("Object signal = new Object();");
        assertThat(eval("synchronized (signal) { signal.wait(); }").failure().exceptionClass())
                .isEqualTo("java.lang.InterruptedException");
        await(() -> !reports.isEmpty());
        assertThat(reports).singleElement().asString()
                .startsWith("the evaluation ran past its budget of 300 ms and is waiting in java.lang.Object.wait on java.lang.Object@")
                .contains(", in the snippet; interrupted it");
        assertTicksAtItsRate();
    }

    @Test
    void waitingForALockAnotherThreadHoldsIsInterruptedAndTheHolderNamed() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        holdInAnotherThread(() -> {
            lock.lock();
            try {
                awaitRelease();
            } finally {
                lock.unlock();
            }
        });
        await(lock::isLocked);
        open(Map.of("lock", lock));
        assertThat(eval("lock.lockInterruptibly()").failure().exceptionClass()).isEqualTo("java.lang.InterruptedException");
        await(() -> !reports.isEmpty());
        assertThat(reports).singleElement().asString()
                .contains("is waiting in java.util.concurrent.locks.ReentrantLock.lockInterruptibly on "
                        + "java.util.concurrent.locks.ReentrantLock$NonfairSync@")
                .contains("held by thread \"holder\", in the snippet; interrupted it");
        assertTicksAtItsRate();
    }

    @Test
    void blockedOnAMonitorIsReportedAsUninterruptibleAndGoesOnWhenReleased() throws Exception {
        Object monitor = new Object();
        CountDownLatch held = new CountDownLatch(1);
        holdInAnotherThread(() -> {
            synchronized (monitor) {
                held.countDown();
                awaitRelease();
            }
        });
        held.await();
        open(Map.of("monitor", monitor));
        CompletableFuture<Evaluation> blocked = engine.eval("synchronized (monitor) { }");
        await(() -> !reports.isEmpty());
        assertThat(reports).singleElement().asString()
                .startsWith("the evaluation ran past its budget of 300 ms and is blocked on monitor java.lang.Object@")
                .endsWith(" held by thread \"holder\", in the snippet; it cannot be interrupted, and goes on when "
                        + "thread \"holder\" releases the monitor");
        assertThat(blocked).isNotDone();

        release.countDown();
        blocked.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(eval("Thread.currentThread().isInterrupted()").value()).isEqualTo("false");
        assertThat(eval("1 + 1").value()).isEqualTo("2");
        assertTicksAtItsRate();
    }

    @Test
    void readingAPipeNobodyWritesToIsInterrupted() throws Exception {
        open(Map.of());
        eval("java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();");
        assertThat(eval("pipe.source().read(java.nio.ByteBuffer.allocate(1))").failure().exceptionClass())
                .isEqualTo("java.nio.channels.ClosedByInterruptException");
        await(() -> !reports.isEmpty());
        assertThat(reports).singleElement().asString()
                .startsWith("the evaluation ran past its budget of 300 ms and is in native code, likely waiting for I/O, in ")
                .contains(", in the snippet; interrupted it");
        assertTicksAtItsRate();
    }

    @Test
    void aSleepingTickIsInterruptedAndReportedAndTheLoopTicksOn() throws Exception {
        open(Map.of());
        eval("int n = 0;");
        eval("String start() throws InterruptedException { if (++n == 5) Thread.sleep(Long.MAX_VALUE); return \"start\"; }");
        await(() -> !reports.isEmpty());
        assertThat(reports).singleElement().isEqualTo("the tick ran past its budget of 200 ms and is waiting in "
                + "java.lang.Thread.sleep, in start(); interrupted it (code that ignores interrupts, such as "
                + "ReentrantLock.lock() or a stream read, waits on)");
        await(() -> !tickFaults.isEmpty());
        assertThat(tickFaults).singleElement().isInstanceOf(InterruptedException.class);
        assertTicksAtItsRate();
        assertThat(Integer.parseInt(eval("n").value())).as("later ticks ran start()").isGreaterThan(5 + HZ / 5);
    }

    @Test
    void theWatchdogOutlivesAReportThatFails() throws Exception {
        open(Map.of(), line -> {
            throw new OutOfMemoryError("the heap was full as the watchdog wrote its report");
        }, Duration.ofMillis(300));
        eval("void nap() throws InterruptedException { Thread.sleep(Long.MAX_VALUE); }");
        for (int i = 0; i < 2; i++) {
            assertThat(eval("nap()").failure().exceptionClass()).isEqualTo("java.lang.InterruptedException");
        }
        assertTicksAtItsRate();
    }

    /** The loop runs on at its rate: an interrupt left behind would have ended it. */
    private void assertTicksAtItsRate() throws InterruptedException {
        long from = loop.ticks();
        await(() -> loop.ticks() > from + HZ / 5 && loop.status().actualHz() > HZ / 2);
        assertThat(loop.stopped()).isNotDone();
    }

    private void holdInAnotherThread(Runnable holding) {
        Thread holder = new Thread(holding, "holder");
        holder.setDaemon(true);
        holder.start();
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Await.until(condition, TIMEOUT);
    }
}
