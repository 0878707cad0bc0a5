package liveloop.engine;

import java.util.List;

/** The results of one input at the prompt, which may hold several snippets. */
public record Evaluation(List<SnippetResult> results) {
    public Evaluation {
        results = List.copyOf(results);
    }

    public boolean failed() {
        return results.stream().anyMatch(SnippetResult::failed);
    }
}
