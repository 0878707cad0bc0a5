package liveloop.host;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Routes {@code System.out} and {@code System.err} to an {@link Output} while the host runs.
 * Snippets run in this JVM and print to the real streams (JShell's local mode ignores its
 * builder's streams), which would tear the prompt; this puts their lines where the console
 * shows them.
 */
final class SystemStreams implements AutoCloseable {
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final LineStream out;
    private final LineStream err;

    SystemStreams(Output output) {
        this.out = new LineStream(output, Output.Kind.OUT);
        this.err = new LineStream(output, Output.Kind.ERR);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Sends on text printed without a line end, e.g. after each tick. */
    void drain() {
        out.drain();
        err.drain();
    }

    @Override
    public void close() {
        System.out.flush();
        System.err.flush();
        drain();
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    /** Cuts bytes into lines; a partial line waits for its end or for {@link #drain()}. */
    private static final class LineStream extends OutputStream {
        private static final int MAX_LINE = 8192;
        private final Output output;
        private final Output.Kind kind;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineStream(Output output, Output.Kind kind) {
            this.output = output;
            this.kind = kind;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                emit();
            } else {
                line.write(b);
                if (line.size() >= MAX_LINE) {
                    emit();
                }
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(bytes[i]);
            }
        }

        synchronized void drain() {
            if (line.size() > 0) {
                emit();
            }
        }

        private void emit() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            output.line(kind, text);
        }
    }
}
