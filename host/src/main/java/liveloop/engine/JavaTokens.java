package liveloop.engine;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Java's comments, literals, numbers and words, found lexically: enough to colour a line as it
 * is typed, to tell whether it closes what it opens, and to find where snippets may end,
 * instantly and without a compiler.
 */
public final class JavaTokens {
    /**
     * One token per match, in the groups {@code comment}, {@code string} (text blocks, strings and
     * chars), {@code number} and {@code word}. An unfinished comment or literal runs to the end
     * of the input, or of its line for a string or char; a backslash escapes any character, a
     * line break too.
     */
    private static final Pattern TOKENS = Pattern.compile(
            "(?<comment>//[^\\n]*|/\\*(?s:.*?)(?:\\*/|$))"
                    + "|(?<string>\"\"\"(?s:.*?)(?:\"\"\"|$)|\"(?:\\\\(?s:.)|[^\"\\\\\\n])*\"?|'(?:\\\\(?s:.)|[^'\\\\\\n])*'?)"
                    + "|(?<number>\\b\\d[\\d_]*(?:\\.[\\d_]+)?(?:[eE][+-]?\\d+)?[lLfFdD]?\\b|\\b0[xX][\\da-fA-F_]+[lL]?\\b)"
                    + "|(?<word>[\\p{L}_$][\\p{L}\\p{N}_$]*)");

    private JavaTokens() {}

    /** The tokens of {@code text}, one per match, in the groups described at {@link #TOKENS}. */
    public static Matcher tokens(CharSequence text) {
        return TOKENS.matcher(text);
    }

    /**
     * Where a snippet of {@code text} may end: just after each {@code ;} or {@code }} outside
     * every bracket, comment and literal, in order. A snippet may go on past one (an {@code if}
     * before its {@code else}), but never ends between two. None if a literal or comment is left
     * open: javac reads such text differently, up to the end of a line or of the text.
     */
    static int[] snippetEnds(String text) {
        int[] ends = new int[16];
        int count = 0;
        int depth = 0;
        int done = 0;
        Matcher m = TOKENS.matcher(text);
        while (true) {
            boolean found = m.find();
            if (found && (leftOpen(m.group()) || unterminated(m.group()))) {
                return new int[0];
            }
            int to = found ? m.start() : text.length();
            for (int i = done; i < to; i++) {
                char c = text.charAt(i);
                depth += bracket(c);
                if (depth <= 0 && (c == ';' || c == '}')) {
                    if (count == ends.length) {
                        ends = Arrays.copyOf(ends, count * 2);
                    }
                    ends[count++] = i + 1;
                }
            }
            if (!found) {
                return Arrays.copyOf(ends, count);
            }
            done = m.end();
        }
    }

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
            if (leftOpen(m.group())) {
                return false;
            }
            done = m.end();
        }
        return depth + brackets(input, done, input.length()) <= 0;
    }

    /** Whether a block comment or text block is left open: it then runs to the end of the text. */
    private static boolean leftOpen(String token) {
        return token.startsWith("/*") && !(token.length() >= 4 && token.endsWith("*/"))
                || token.startsWith("\"\"\"") && !(token.length() >= 6 && token.endsWith("\"\"\""));
    }

    /** Whether a string or char is left open: it then runs to the end of its line. */
    private static boolean unterminated(String token) {
        if (token.startsWith("\"\"\"") || !(token.startsWith("\"") || token.startsWith("'"))) {
            return false;
        }
        int last = token.length() - 1;
        int escapes = 0;
        while (last - 1 - escapes > 0 && token.charAt(last - 1 - escapes) == '\\') {
            escapes++;
        }
        return last == 0 || token.charAt(last) != token.charAt(0) || escapes % 2 == 1;
    }

    /** Brackets opened less brackets closed in {@code code} between {@code from} and {@code to}. */
    private static int brackets(String code, int from, int to) {
        int depth = 0;
        for (int i = from; i < to; i++) {
            depth += bracket(code.charAt(i));
        }
        return depth;
    }

    /** 1 for an opening bracket, -1 for a closing one, else 0. */
    private static int bracket(char c) {
        return switch (c) {
            case '(', '[', '{' -> 1;
            case ')', ']', '}' -> -1;
            default -> 0;
        };
    }
}
