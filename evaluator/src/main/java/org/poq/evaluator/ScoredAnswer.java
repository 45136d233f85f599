package org.poq.evaluator;

import java.util.Optional;
import org.poq.core.Score;

/**
 * One answer's score with how it came about.
 *
 * @param score         the relevance score: the lower of modelScore and residualScore, after the degenerate-answer guard
 * @param modelScore    what the head made of the model output for the whole answer
 * @param raw           the model's number for the whole answer: a logit or a softmax class probability (cross) or a cosine similarity (bi)
 * @param residualScore what the head made of the answer without the prompt's words (equal to modelScore when it repeats none)
 * @param degeneracy    why the guard capped the score; null when it did not
 */
public record ScoredAnswer(Score score, Score modelScore, double raw, Score residualScore, Degeneracy degeneracy) {
    public Optional<Degeneracy> guard() {
        return Optional.ofNullable(degeneracy);
    }
}
