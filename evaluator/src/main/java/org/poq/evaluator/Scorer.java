package org.poq.evaluator;

import java.util.ArrayList;
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

    /** Relevance of each answer, each scored as if alone (batching never changes a score). */
    List<ScoredAnswer> scoreDetailed(String prompt, List<String> answers);

    /**
     * The scores a validator commits for one task's answers: relevance combined with the answers'
     * agreement by the evaluator's {@link AgreementRule}. Depends on the whole answer set, in any order.
     */
    default List<TaskScore> scoreTask(String prompt, List<String> answers) {
        List<ScoredAnswer> relevance = scoreDetailed(prompt, answers);
        int[] r = relevance.stream().mapToInt(s -> s.score().value()).toArray();
        List<AgreementRule.Outcome> outcomes = evaluator().config().agreement().apply(prompt, answers, r);
        List<TaskScore> out = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) {
            AgreementRule.Outcome o = outcomes.get(i);
            out.add(new TaskScore(new Score(o.score()), relevance.get(i), o.support(), o.group(), o.copies(), o.isolated()));
        }
        return out;
    }

    EvaluatorPackage evaluator();

    ExecutionInfo execution();

    @Override
    void close();
}
