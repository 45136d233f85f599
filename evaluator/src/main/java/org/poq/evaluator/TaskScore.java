package org.poq.evaluator;

import org.poq.core.Score;

/**
 * One answer's score within its task: relevance combined with agreement ({@link AgreementRule}).
 *
 * @param score     what a validator commits for this answer
 * @param relevance the answer scored alone ({@link Scorer#scoreDetailed})
 * @param support   the agreement it got from the task's other answers, permille (the second-best group; 0 when none)
 * @param group     the index of the first answer of its copy group (itself when it has no copy before it)
 * @param copies    how many answers its copy group has (1: none); a group shares one answer's reward
 * @param isolated  true when other answers corroborate each other and this one agrees with none of them
 */
public record TaskScore(Score score, ScoredAnswer relevance, int support, int group, int copies, boolean isolated) {
}
