package liveloop.engine;

import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.VarSnippet;

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
    static SessionEntry of(JShell jshell, Snippet snippet) {
        return new SessionEntry(snippet.id(), Outcomes.kind(snippet), snippet.source(), summary(jshell, snippet));
    }

    private static String summary(JShell jshell, Snippet snippet) {
        if (snippet instanceof VarSnippet) {
            VarSnippet v = (VarSnippet) snippet;
            return v.typeName() + " " + v.name() + " = " + jshell.varValue(v);
        }
        if (snippet instanceof MethodSnippet) {
            MethodSnippet m = (MethodSnippet) snippet;
            String signature = m.signature();
            return signature.substring(signature.lastIndexOf(')') + 1) + " " + m.name() + "(" + m.parameterTypes() + ")";
        }
        if (snippet instanceof ImportSnippet) {
            ImportSnippet i = (ImportSnippet) snippet;
            return "import " + (i.isStatic() ? "static " : "") + i.fullname();
        }
        if (snippet instanceof TypeDeclSnippet) {
            return Outcomes.kind(snippet).word() + " " + ((TypeDeclSnippet) snippet).name();
        }
        return snippet.source();
    }

    /** True for what the user typed or saved, false for the session's set-up (imports, bindings). */
    public boolean fromUser() {
        return !id.startsWith("s");
    }
}
