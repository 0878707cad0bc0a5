package liveloop.console;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Java's comments, literals, numbers and words, found lexically: enough to colour a line as it
 * is typed and to tell whether it closes what it opens, instantly and without a compiler.
 */
public final class JavaTokens {
    /**
     * One token per match, in the groups {@code comment}, {@code string} (text blocks, strings and
     * chars), {@code number} and {@code word}. An unfinished comment or literal runs to the end
     * of the input, or of its line for a string or char; a backslash escapes any character, a
     * line break too.
     */
    static final Pattern TOKENS = Pattern.compile(
            "(?<comment>//[^\\n]*|/\\*(?s:.*?)(?:\\*/|$))"
                    + "|(?<string>\"\"\"(?s:.*?)(?:\"\"\"|$)|\"(?:\\\\(?s:.)|[^\"\\\\\\n])*\"?|'(?:\\\\(?s:.)|[^'\\\\\\n])*'?)"
                    + "|(?<number>\\b\\d[\\d_]*(?:\\.[\\d_]+)?(?:[eE][+-]?\\d+)?[lLfFdD]?\\b|\\b0[xX][\\da-fA-F_]+[lL]?\\b)"
                    + "|(?<word>[\\p{L}_$][\\p{L}\\p{N}_$]*)");

    private JavaTokens() {}

    /**
     * Whether {@code input} closes every bracket, block comment and text block it opens; brackets
     * in comments and literals do not count. An unclosed string or char is an error for the
     * compiler to report, not a reason to wait for more.
     */
    public static boolean closesEverything(String input) {
        int depth = 0;
        int done = 0;
        Matcher m = TOKENS.matcher(input);
        while (m.find()) {
            depth += brackets(input, done, m.start());
            String token = m.group();
            if (token.startsWith("/*") && !(token.length() >= 4 && token.endsWith("*/"))
                    || token.startsWith("\"\"\"") && !(token.length() >= 6 && token.endsWith("\"\"\""))) {
                return false;
            }
            done = m.end();
        }
        return depth + brackets(input, done, input.length()) <= 0;
    }

    /** Brackets opened less brackets closed in {@code code} between {@code from} and {@code to}. */
    private static int brackets(String code, int from, int to) {
        int depth = 0;
        for (int i = from; i < to; i++) {
            char c = code.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
        }
        return depth;
    }
}
