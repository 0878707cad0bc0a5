package liveloop.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import liveloop.host.Output;

/**
 * A console over plain streams, for pipes and scripts: no prompt, no escape codes, results in
 * the {@code jshell} tool's text form.
 */
public final class PipedConsole implements Console {
    private final BufferedReader in;
    private final PrintStream out;
    private final Predicate<String> isComplete;
    private final Output output;

    /**
     * @param isComplete whether the text read so far is a complete snippet; if not, the next
     *     line continues it
     */
    public PipedConsole(InputStream in, PrintStream out, PrintStream err, Predicate<String> isComplete) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.isComplete = isComplete;
        this.output = Output.to(out, err);
    }

    @Override
    public String read() {
        StringBuilder input = new StringBuilder();
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (input.length() == 0) {
                    if (line.isBlank()) {
                        continue;
                    }
                    if (line.strip().startsWith("/")) {
                        return line.strip(); // a command is always one line
                    }
                } else {
                    input.append('\n');
                }
                input.append(line);
                if (isComplete.test(input.toString())) {
                    return input.toString();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input", e);
        }
        return input.length() == 0 ? null : input.toString(); // end of input: evaluate what is left
    }

    @Override
    public void println(String text, Style style) {
        synchronized (out) {
            out.println(text);
        }
    }

    @Override
    public Output output() {
        return output;
    }

    @Override
    public boolean interactive() {
        return false;
    }

    @Override
    public void close() {
        out.flush();
    }
}
