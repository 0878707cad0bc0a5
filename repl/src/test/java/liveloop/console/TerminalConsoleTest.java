package liveloop.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import liveloop.host.Output;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the terminal console, and the screen writer behind it, draw what they are sent. */
class TerminalConsoleTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();

    private PipedOutputStream keyboard;

    @AfterEach
    void stopThreads() throws IOException {
        threads.shutdownNow();
        if (keyboard != null) {
            keyboard.close();
        }
    }

    /** A dumb terminal that reads {@code keys}, then nothing more until the test ends, and shows nothing. */
    private Terminal terminal(String keys) throws Exception {
        PipedInputStream input = new PipedInputStream();
        keyboard = new PipedOutputStream(input);
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        return TerminalBuilder.builder().system(false).type(Terminal.TYPE_DUMB).streams(input, OutputStream.nullOutputStream())
                .encoding(StandardCharsets.UTF_8).build();
    }

    /**
     * JLine holds its lock while it asks whether the input is complete, and the session may take
     * its time to answer (it may itself wait for the thread that is printing). Output sent
     * meanwhile must not wait for the answer.
     */
    @Test
    void outputSentWhileTheReaderWaitsForTheSessionReturnsAtOnce() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        Assist slowSession = new Assist() {
            @Override
            public boolean isComplete(String input) {
                asked.countDown();
                try {
                    return answer.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
            }

            @Override
            public Completions complete(String input, int cursor) {
                return Completions.NONE;
            }

            @Override
            public List<String> documentation(String input, int cursor) {
                return List.of();
            }
        };
        try (TerminalConsole console = new TerminalConsole(terminal("1 + 1\n"), slowSession, null)) {
            Future<String> read = threads.submit(console::read);
            assertThat(asked.await(10, TimeUnit.SECONDS)).as("the reader asked the session").isTrue();

            Future<?> printed = threads.submit(() -> console.output().line(Output.Kind.OUT, "printed in a tick"));
            try {
                printed.get(5, TimeUnit.SECONDS);
            } finally {
                answer.countDown();
            }
            assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("1 + 1");
        }
    }

    @Test
    void drawingsAreMadeInTheOrderSentAndSendAndWaitReturnsOnceItsOwnIsDrawn() throws Exception {
        List<String> drawn = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch letGo = new CountDownLatch(1);
        try (ScreenWriter writer = new ScreenWriter(dropped -> drawn.add("dropped " + dropped))) {
            writer.send(() -> {
                awaitQuietly(letGo);
                drawn.add("output 1");
            });
            writer.send(() -> drawn.add("output 2"));
            Future<?> result = threads.submit(() -> writer.sendAndWait(() -> drawn.add("result")));
            assertThat(result).as("waits while the output before it is not drawn").isNotDone();
            letGo.countDown();
            result.get(10, TimeUnit.SECONDS);
            assertThat(drawn).containsExactly("output 1", "output 2", "result");
        }
    }

    @Test
    void outputSentFasterThanTheTerminalTakesItIsCountedNotHeld() throws Exception {
        CountDownLatch drawing = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        List<String> drawn = Collections.synchronizedList(new ArrayList<>());
        ScreenWriter writer = new ScreenWriter(dropped -> drawn.add("dropped " + dropped));
        try {
            writer.send(() -> { // holds the writer's thread, as a terminal that takes no output would
                drawing.countDown();
                awaitQuietly(letGo);
            });
            assertThat(drawing.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < ScreenWriter.MAX_WAITING + 5; i++) {
                writer.send(() -> {});
            }
        } finally {
            letGo.countDown();
        }
        awaitDrawn(drawn, "dropped 5"); // with nothing sent after the lines dropped
        writer.sendAndWait(() -> drawn.add("next"));
        writer.close();
        assertThat(drawn).containsExactly("dropped 5", "next");
    }

    private static void awaitDrawn(List<String> drawn, String drawing) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!drawn.contains(drawing)) {
            assertThat(System.nanoTime()).as("drawn within 10 s: " + drawing).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
