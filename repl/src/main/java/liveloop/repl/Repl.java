package liveloop.repl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import liveloop.console.Console;
import liveloop.console.Console.Style;
import liveloop.engine.Evaluation;
import liveloop.engine.SnippetResult;
import liveloop.host.LiveLoop;

/** The prompt: read an input, run it as a command or as Java, print the result; until /quit or end of input. */
final class Repl {
    /** Why the prompt ended. */
    enum End {
        QUIT,
        END_OF_INPUT
    }

    private final LiveLoop host;
    private final Console console;
    private final Commands commands;
    private final Feedback feedback;
    private final List<String> history = new ArrayList<>(); // this session's inputs, for /history

    Repl(LiveLoop host, Console console) {
        this.host = host;
        this.console = console;
        this.commands = new Commands(host, console, history, this::evaluate);
        this.feedback = new Feedback(console.interactive());
    }

    End run() {
        while (true) {
            String input = console.read();
            if (input == null) {
                return End.END_OF_INPUT;
            }
            if (input.isBlank()) {
                continue;
            }
            history.add(input);
            if (input.strip().startsWith("/")) {
                if (commands.run(input) == Commands.Next.QUIT) {
                    return End.QUIT;
                }
            } else {
                evaluate(input);
            }
        }
    }

    private void evaluate(String input) {
        Evaluation evaluation;
        try {
            evaluation = console.interruptibly(() -> host.eval(input).join(),
                    () -> host.stopUserCode("stopped by Ctrl-C"));
        } catch (CompletionException e) {
            // The engine failed, not the snippet: say so and keep the prompt (and the host) alive.
            console.println("|  internal error: " + e.getCause(), Style.ERROR);
            return;
        }
        for (SnippetResult result : evaluation.results()) {
            for (Feedback.Line line : feedback.format(result)) {
                console.println(line.text(), line.error() ? Style.ERROR : Style.PLAIN);
            }
        }
    }
}
