package org.poq.evaluator;

import org.poq.core.Score;

/**
 * One answer's score within its task: relevance combined with agreement ({@link AgreementRule}).
 *
 * @param score     what a validator commits for this answer
 * @param relevance the answer scored alone ({@link Scorer#scoreDetailed})
 * @param support   the agreement it got from the task's other answers, permille (0 when none)
 * @param group     the index of the first answer of its near-duplicate group (itself when it has no copy before it)
 */
public record TaskScore(Score score, ScoredAnswer relevance, int support, int group) {
}
