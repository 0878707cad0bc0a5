package liveloop.host;

import java.io.PrintStream;

/**
 * Where the host sends what the user must see, a line at a time: what user code prints, and
 * the host's own messages. The console decides how each kind looks.
 */
@FunctionalInterface
public interface Output {
    enum Kind {
        /** User code wrote to {@code System.out}. */
        OUT,
        /** User code wrote to {@code System.err}. */
        ERR,
        /** A host message: a script applied, a state machine event. */
        INFO,
        /** A host message about something that went wrong. */
        ERROR
    }

    /** Called from any thread; {@code text} is one line without its line terminator. */
    void line(Kind kind, String text);

    /** Program output and information to {@code out}; errors to {@code err}. */
    static Output to(PrintStream out, PrintStream err) {
        return (kind, text) -> {
            PrintStream target = kind == Kind.OUT || kind == Kind.INFO ? out : err;
            synchronized (target) {
                target.println(text);
            }
        };
    }
}
