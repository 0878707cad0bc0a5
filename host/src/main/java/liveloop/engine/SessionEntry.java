package liveloop.engine;

/**
 * An active snippet, as the prompt's listing commands show it.
 *
 * @param id the snippet's id as jshell numbers it ({@code 3}, or {@code s2} for set-up)
 * @param kind what it declares or does
 * @param source its source
 * @param summary one line as jshell's listings put it: {@code int x = 41}, {@code String
 *     green()}, {@code class Light}, {@code import java.util.*}; for statements, the source
 */
public record SessionEntry(String id, SnippetResult.Kind kind, String source, String summary) {
    /** True for what the user typed or saved, false for the session's set-up (imports, bindings). */
    public boolean fromUser() {
        return !id.startsWith("s");
    }
}
