package liveloop.engine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jshell.SourceCodeAnalysis;

/**
 * One complete snippet of a text (a file, a prompt input), and where it starts in it.
 *
 * @param source the snippet, without the comments and blank lines before it
 * @param offset where the source starts in the text, for {@code line:col} in diagnostics
 */
record Chunk(String source, int offset) {
    /** Splits text into complete snippets the way the jshell tool reads a file. */
    static List<Chunk> split(Completion completion, String text) {
        int[] ends = JavaTokens.snippetEnds(text);
        if (ends.length == 1 && leadingTrivia(text.substring(ends[0])) == text.length() - ends[0]) {
            // One place where a snippet may end, and the text ends there: it is one snippet
            // (or one incomplete one, for JShell to report), and JShell's analysis would give
            // the whole text. A prompt input is mostly this; the analysis is a javac task.
            int start = leadingTrivia(text);
            return List.of(new Chunk(text.substring(start).strip(), start));
        }
        List<Chunk> chunks = new ArrayList<>();
        int consumed = 0;
        for (String remaining = text; !remaining.isBlank(); remaining = text.substring(consumed)) {
            First first = first(completion, text, consumed, remaining, ends);
            SourceCodeAnalysis.CompletionInfo info = first.info();
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            String source;
            int next;
            if (info.completeness().isComplete()) {
                source = info.source();
                next = first.restAt();
            } else {
                source = remaining; // incomplete to the end: evaluate it for its diagnostics
                next = text.length();
            }
            source = source.substring(leadingTrivia(source)).strip();
            chunks.add(new Chunk(source, consumed + leadingTrivia(remaining)));
            consumed = next;
        }
        return chunks;
    }

    /** JShell's analysis of the first snippet from {@code from}, and where the text after it starts. */
    private record First(SourceCodeAnalysis.CompletionInfo info, int restAt) {}

    /**
     * Analyses the first snippet of {@code text} from {@code from}, given only as much text as it
     * needs. {@code analyzeCompletion} reads all the text it is given, so handing it the rest of
     * a file for each snippet made splitting quadratic: 85 ms for a 768-line file. Given text up
     * to a possible end ({@code ends}) past the snippet's own, it has seen the token after the
     * snippet (an {@code else} would continue it) and decides as it would on the whole rest.
     *
     * @param rest the text from {@code from} on
     */
    private static First first(Completion completion, String text, int from, String rest, int[] ends) {
        int k = 0;
        while (k < ends.length && ends[k] <= from) {
            k++;
        }
        for (int span = 2; k + span - 1 < ends.length - 1; span *= 2) { // the last end: the whole rest, below
            int to = ends[k + span - 1];
            String window = text.substring(from, to);
            SourceCodeAnalysis.CompletionInfo info = completion.of(window);
            String after = info.remaining();
            if (info.completeness().isComplete() && !after.isBlank() && window.endsWith(after)) {
                return new First(info, to - after.length());
            }
        }
        SourceCodeAnalysis.CompletionInfo info = completion.of(rest);
        return new First(info, from + rest.length() - info.remaining().length());
    }

    /** Length of the whitespace and comments before the first token, where javac starts a snippet. */
    static int leadingTrivia(String s) {
        int i = 0;
        while (i < s.length()) {
            if (Character.isWhitespace(s.charAt(i))) {
                i++;
            } else if (s.startsWith("//", i)) {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? s.length() : nl + 1;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
            } else {
                break;
            }
        }
        return i;
    }

    /**
     * JShell's {@code analyzeCompletion}, which remembers its answers: the prompt asks whether an
     * input is complete and then submits that same input, and a save splits a file most of whose
     * snippets were split, with the same text around them, the last time. Each analysis is a
     * javac parse, about 0.1 ms warm; the answer depends on the text alone. Engine thread.
     */
    static final class Completion {
        /** How many characters the remembered texts may hold in all: a few large files. */
        private static final int MAX_CHARS = 1 << 20;

        private final SourceCodeAnalysis analysis;
        private final Map<String, SourceCodeAnalysis.CompletionInfo> known = new LinkedHashMap<>(64, 0.75f, true);
        private long chars;

        Completion(SourceCodeAnalysis analysis) {
            this.analysis = analysis;
        }

        SourceCodeAnalysis.CompletionInfo of(String text) {
            SourceCodeAnalysis.CompletionInfo info = known.get(text);
            if (info == null) {
                info = analysis.analyzeCompletion(text);
                known.put(text, info);
                chars += text.length();
                // Least recently used first.
                for (Iterator<String> texts = known.keySet().iterator(); chars > MAX_CHARS && texts.hasNext(); ) {
                    chars -= texts.next().length();
                    texts.remove();
                }
            }
            return info;
        }
    }
}
