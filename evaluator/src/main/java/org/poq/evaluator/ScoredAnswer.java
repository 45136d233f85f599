package org.poq.evaluator;

import java.util.Optional;
import org.poq.core.Score;

/**
 * One answer's score with how it came about.
 *
 * @param score      the protocol score (after the degenerate-answer guard)
 * @param modelScore what the head made of the model output alone
 * @param raw        the model's number: a logit (cross) or a cosine similarity (bi)
 * @param degeneracy why the guard capped the score; null when it did not
 */
public record ScoredAnswer(Score score, Score modelScore, double raw, Degeneracy degeneracy) {
    public Optional<Degeneracy> guard() {
        return Optional.ofNullable(degeneracy);
    }
}
