package liveloop.console;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import liveloop.engine.JavaTokens;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Colours Java as it is typed: keywords, literals and comments; a command line in bold. Lexical
 * only, so it is instant and never wrong about an unfinished line in a way that matters.
 */
final class JavaHighlighter implements Highlighter {
    private static final AttributedStyle KEYWORD = AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE).bold();
    private static final AttributedStyle LITERAL = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    private static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT).italic();

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        AttributedStringBuilder out = new AttributedStringBuilder();
        if (buffer.stripLeading().startsWith("/")) {
            return out.styled(AttributedStyle.BOLD, buffer).toAttributedString();
        }
        Matcher m = JavaTokens.tokens(buffer);
        int done = 0;
        while (m.find()) {
            out.append(buffer, done, m.start());
            String token = m.group();
            if (m.group("comment") != null) {
                out.styled(COMMENT, token);
            } else if (m.group("string") != null || m.group("number") != null) {
                out.styled(LITERAL, token);
            } else if (SourceVersion.isKeyword(token) || token.equals("var") || token.equals("record")) {
                out.styled(KEYWORD, token);
            } else {
                out.append(token);
            }
            done = m.end();
        }
        out.append(buffer, done, buffer.length());
        return out.toAttributedString();
    }

    @Override
    public void setErrorPattern(Pattern errorPattern) {}

    @Override
    public void setErrorIndex(int errorIndex) {}
}
