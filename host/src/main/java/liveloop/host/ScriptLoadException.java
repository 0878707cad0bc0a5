package liveloop.host;

import java.util.List;

/** Scripts that failed to load in release mode; each problem is one {@code path:line:col: error: message} line. */
public final class ScriptLoadException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    ScriptLoadException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
