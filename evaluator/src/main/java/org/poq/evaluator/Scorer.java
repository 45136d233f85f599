package org.poq.evaluator;

import java.util.List;
import org.poq.core.Score;

/**
 * Scores answers to a prompt with one evaluator. Thread-safe; owns native memory, so close it.
 * The same evaluator gives the same scores for the same texts, alone or in any batch.
 */
public interface Scorer extends AutoCloseable {
    /** One score per answer, in order. */
    default List<Score> score(String prompt, List<String> answers) {
        return scoreDetailed(prompt, answers).stream().map(ScoredAnswer::score).toList();
    }

    default Score score(String prompt, String answer) {
        return score(prompt, List.of(answer)).get(0);
    }

    List<ScoredAnswer> scoreDetailed(String prompt, List<String> answers);

    EvaluatorPackage evaluator();

    ExecutionInfo execution();

    @Override
    void close();
}
