package org.poq.app.gui.ask;

import java.util.Map;

/**
 * One miner's answer as the round reveals it: the text, each validator's score, and the consensus
 * once the task is finalized ({@code -1} before).
 */
public record AnswerRow(int index, String miner, String text, Map<String, Integer> validatorScores, int consensus,
                        boolean best, String reward) {
    public AnswerRow withScore(String validator, int score) {
        Map<String, Integer> m = new java.util.LinkedHashMap<>(validatorScores);
        m.put(validator, score);
        return new AnswerRow(index, miner, text, Map.copyOf(m), consensus, best, reward);
    }

    public AnswerRow withConsensus(int value, boolean isBest) {
        return new AnswerRow(index, miner, text, validatorScores, value, isBest, reward);
    }

    public AnswerRow withReward(String text) {
        return new AnswerRow(index, miner, this.text, validatorScores, consensus, best, text);
    }

    /** "0.8734" for a score in 0..10000. */
    public static String score(int value) {
        return value < 0 ? "-" : String.format(java.util.Locale.ROOT, "%.4f", value / 10_000.0);
    }
}
