package liveloop.repl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a javadoc comment, as JShell's analysis returns it, into plain text for a terminal: paragraphs
 * wrapped to a width, list items as bullets, {@code <pre>} blocks and {@code {@code ...}} blocks on lines
 * of their own kept as written, inline tags as their text (a link as its label, or else its reference
 * with {@code .} for {@code #}), entities decoded, other HTML tags dropped but their text kept, and
 * block tags ({@code @param}, {@code @return}...) as titled sections at the end, as jshell shows them.
 *
 * <p>A small scanner, not an HTML or javadoc parser: a table becomes a line per row, nested and ordered
 * lists become one level of bullets, rare named entities stay as written, external snippets show
 * nothing, Markdown comments ({@code ///}) show as written, and {@code {@return x}} reads "Returns x."
 * but makes no section.
 */
final class JavadocText {
    /** The block tags that have a section, in the order shown; others follow, titled by their name. */
    private static final List<String> SECTION_ORDER = List.of("deprecated", "apiNote", "implSpec", "implNote",
            "typeParam", "param", "return", "throws", "see", "since");
    private static final Map<String, String> TITLES = Map.of("deprecated", "Deprecated:", "apiNote", "API Note:",
            "implSpec", "Implementation Requirements:", "implNote", "Implementation Note:",
            "typeParam", "Type Parameters:", "param", "Parameters:", "return", "Returns:", "throws", "Throws:",
            "see", "See Also:", "since", "Since:");
    private static final Map<String, String> ENTITIES = Map.of("lt", "<", "gt", ">", "amp", "&", "quot", "\"",
            "apos", "'", "nbsp", " ", "ndash", "\u2013", "mdash", "\u2014", "hellip", "\u2026", "times", "\u00d7");
    private static final String SECTION_MARGIN = "    ";
    private static final String ENTRY_MARGIN = "        "; // a parameter's later lines, under its description

    private final int width;
    private final String margin;
    private final List<String> lines = new ArrayList<>(); // a blank one ends each paragraph
    private final StringBuilder paragraph = new StringBuilder(); // text yet to be wrapped
    private StringBuilder pre; // inside <pre>: its text as written; null outside
    private String firstMargin; // the next line's margin, if not the usual one: a bullet, say
    private boolean inList;

    private JavadocText(int width, String firstMargin, String margin) {
        this.width = width;
        this.firstMargin = firstMargin;
        this.margin = margin;
    }

    /** {@code javadoc} as plain text, in lines at most {@code width} long but where a word is longer. */
    static String toPlainText(String javadoc, int width) {
        List<String[]> parts = splitAtBlockTags(javadoc);
        List<String> lines = new JavadocText(width, "", "").layOut(parts.get(0)[1]);
        Map<String, List<String>> sections = new LinkedHashMap<>();
        SECTION_ORDER.forEach(tag -> sections.put(tag, new ArrayList<>()));
        for (String[] part : parts.subList(1, parts.size())) {
            String tag = part[0].equals("exception") ? "throws" : part[0];
            String text = part[1].strip();
            String entryMargin = SECTION_MARGIN;
            if (tag.equals("param") || tag.equals("throws")) {
                int nameEnd = referenceEnd(text);
                String name = text.substring(0, nameEnd);
                if (tag.equals("param") && name.startsWith("<") && name.endsWith(">")) {
                    tag = "typeParam"; // and <T> is no HTML tag
                    name = name.substring(1, name.length() - 1);
                }
                text = nameEnd == text.length() ? name : name + " - " + text.substring(nameEnd).strip();
                entryMargin = ENTRY_MARGIN;
            } else if (tag.equals("see") && !text.startsWith("\"") && !text.startsWith("<")) {
                text = "{@link " + text + "}"; // a reference, maybe with a label, as in a link
            }
            List<String> entry = new JavadocText(width, SECTION_MARGIN, entryMargin).layOut(text);
            sections.computeIfAbsent(tag, t -> new ArrayList<>()).addAll(entry);
        }
        sections.values().removeIf(List::isEmpty);
        if (!lines.isEmpty() && !sections.isEmpty()) {
            lines.add("");
        }
        sections.forEach((tag, entries) -> {
            lines.add(TITLES.getOrDefault(tag, Character.toUpperCase(tag.charAt(0)) + tag.substring(1) + ":"));
            lines.addAll(entries);
        });
        return String.join("\n", lines);
    }

    /** The description, then each block tag and its text: a tag starts at an {@code @} that starts a line. */
    private static List<String[]> splitAtBlockTags(String javadoc) {
        List<String[]> parts = new ArrayList<>();
        String tag = null;
        int start = 0;
        boolean lineStart = true;
        for (int i = 0; i < javadoc.length(); i++) {
            char c = javadoc.charAt(i);
            if (javadoc.startsWith("{@", i)) {
                i = closingBrace(javadoc, i); // an annotation in a {@code ...} example starts no tag
            } else if (c == '@' && lineStart && nameEnd(javadoc, i + 1) > i + 1) {
                parts.add(new String[] {tag, javadoc.substring(start, i)});
                start = nameEnd(javadoc, i + 1);
                tag = javadoc.substring(i + 1, start);
            }
            lineStart = c == '\n' || (lineStart && Character.isWhitespace(c));
        }
        parts.add(new String[] {tag, javadoc.substring(start)});
        return parts;
    }

    private List<String> layOut(String text) {
        scan(text);
        htmlTag("/pre"); // an unclosed <pre> still shows
        breakParagraph();
        return new ArrayList<>(lines.subList(0, Math.max(0, lines.size() - 1))); // less the last blank line
    }

    private void scan(String s) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int tagEnd = c == '<' ? htmlTagEnd(s, i) : -1;
            String entity = c == '&' ? entity(s, i) : null;
            int nextNewline = c == '\n' ? s.indexOf('\n', i + 1) : -1;
            if (s.startsWith("{@", i)) {
                int end = closingBrace(s, i);
                int nameEnd = nameEnd(s, i + 2);
                inlineTag(s.substring(i + 2, nameEnd), s.substring(nameEnd, end));
                i = end + 1;
            } else if (tagEnd > 0) {
                htmlTag(s.substring(i + 1, tagEnd));
                i = tagEnd + 1;
            } else if (entity != null) {
                add(entity);
                i = s.indexOf(';', i) + 1;
            } else {
                if (nextNewline > 0 && pre == null && s.substring(i + 1, nextNewline).isBlank()) {
                    breakParagraph(); // at a blank line
                }
                add(String.valueOf(c));
                i++;
            }
        }
    }

    private void inlineTag(String name, String content) {
        String text = content.strip();
        switch (name) {
            case "code", "literal" -> {
                boolean ownLines = text.contains("\n") && content.lines().findFirst().orElse("").isBlank();
                if (pre != null) {
                    pre.append(content.startsWith(" ") ? content.substring(1) : content); // less the separator
                } else if (ownLines) { // code, not a phrase that a line break happens to cut
                    breakParagraph();
                    verbatim(content);
                } else {
                    add(text);
                }
            }
            case "link", "linkplain", "value" -> scan(referenceEnd(text) < text.length()
                    ? text.substring(referenceEnd(text)) // the label
                    : text.startsWith("#") ? text.substring(1) : text.replace('#', '.'));
            case "return" -> scan("Returns " + text + ".");
            case "index" -> { // its term: a word, or a phrase in quotes
                int end = text.startsWith("\"") ? text.indexOf('"', 1) : referenceEnd(text);
                add(text.substring(text.startsWith("\"") ? 1 : 0, end < 1 ? text.length() : end));
            }
            case "snippet" -> {
                if (content.contains(":")) { // its code follows the attributes; markup such as // @highlight goes
                    breakParagraph();
                    verbatim(content.split(":", 2)[1].replaceAll("[ \t]*// @[^\n]*", ""));
                }
            }
            case "inheritDoc", "docRoot" -> { }
            default -> scan(content); // {@summary ...}, and tags unknown here: their text
        }
    }

    private void htmlTag(String tag) {
        boolean closing = tag.startsWith("/");
        switch (tag.substring(closing ? 1 : 0, nameEnd(tag, closing ? 1 : 0)).toLowerCase()) {
            case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "dl", "hr", "blockquote" -> breakParagraph();
            case "br", "tr", "dt", "dd", "caption" -> flush();
            case "td", "th" -> add(" ");
            case "ul", "ol" -> {
                breakParagraph();
                inList = !closing;
            }
            case "li" -> {
                flush();
                firstMargin = closing ? null : margin + "  - ";
            }
            case "pre" -> {
                String code = pre == null ? "" : pre.toString();
                pre = null;
                breakParagraph();
                verbatim(code);
                pre = closing ? null : new StringBuilder();
            }
            default -> { } // <code>, <a href>, <em>, <b>, comments...: only their text counts
        }
    }

    private void add(String text) {
        (pre != null ? pre : paragraph).append(text);
    }

    /** Code as written, indented past the margin, less the indentation all its lines share; a paragraph. */
    private void verbatim(String code) {
        List<String> codeLines = code.stripTrailing().lines().dropWhile(String::isBlank).toList();
        int shared = codeLines.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        for (String line : codeLines) {
            lines.add(line.isBlank() ? "" : margin + "    " + line.substring(shared).stripTrailing());
        }
        breakParagraph();
    }

    private void breakParagraph() {
        flush();
        if (!lines.isEmpty() && !lines.get(lines.size() - 1).isEmpty()) {
            lines.add("");
        }
    }

    /** Wraps the paragraph so far into lines. */
    private void flush() {
        String text = paragraph.toString().strip();
        paragraph.setLength(0);
        if (text.isEmpty()) {
            return; // a bullet waits for its item's text
        }
        String lineMargin = firstMargin != null ? firstMargin : margin + (inList ? "    " : "");
        firstMargin = null;
        String line = "";
        for (String word : text.split("\\s+")) {
            if (!line.isEmpty() && lineMargin.length() + line.length() + 1 + word.length() > width) {
                lines.add(lineMargin + line);
                lineMargin = margin + (inList ? "    " : "");
                line = "";
            }
            line = line.isEmpty() ? word : line + " " + word;
        }
        lines.add(lineMargin + line);
    }

    /** Where the letters and digits from {@code start} end: a tag's name. */
    private static int nameEnd(String s, int start) {
        int end = start;
        while (end < s.length() && Character.isLetterOrDigit(s.charAt(end))) {
            end++;
        }
        return end;
    }

    /** Where the brace that closes the one at {@code open} is, counting the braces in between. */
    private static int closingBrace(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            depth += s.charAt(i) == '{' ? 1 : s.charAt(i) == '}' ? -1 : 0;
            if (depth == 0) {
                return i;
            }
        }
        return s.length();
    }

    /** Where a reference such as {@code Foo#bar(int, long)} ends: at a space outside parentheses. */
    private static int referenceEnd(String s) {
        int parens = 0;
        for (int i = 0; i < s.length(); i++) {
            parens += s.charAt(i) == '(' ? 1 : s.charAt(i) == ')' ? -1 : 0;
            if (parens == 0 && Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return s.length();
    }

    /** The {@code >} that ends an HTML tag (or comment) at {@code open}; -1 if that {@code <} starts none. */
    private static int htmlTagEnd(String s, int open) {
        char next = open + 1 < s.length() ? s.charAt(open + 1) : ' ';
        return Character.isLetter(next) || next == '/' || next == '!' ? s.indexOf('>', open) : -1; // or "a < b"
    }

    /** What the entity at {@code amp} stands for; null if it is none known here. */
    private static String entity(String s, int amp) {
        int semicolon = s.indexOf(';', amp);
        String name = semicolon < 0 || semicolon - amp > 10 ? "" : s.substring(amp + 1, semicolon);
        try {
            int codePoint = name.startsWith("#x") ? Integer.parseInt(name.substring(2), 16)
                    : name.startsWith("#") ? Integer.parseInt(name.substring(1)) : -1;
            return Character.isValidCodePoint(codePoint) ? Character.toString(codePoint) : ENTITIES.get(name);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
