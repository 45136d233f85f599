package org.poq.app.gui.ask;

import java.util.LinkedHashMap;
import java.util.Map;
import org.poq.app.service.QualityScores;

/**
 * One miner's answer as the round reveals it: the text, each validator's score, the consensus once the
 * task is finalized ({@code -1} before), and its audit by replay in words ({@code AnswerAudit#describe}:
 * positions, mismatches, the verdict, and a failed answer's slash; empty before any audit is revealed).
 */
public record AnswerRow(int index, String miner, String text, Map<String, Integer> validatorScores, int consensus,
                        boolean best, String reward, String audit) {
    public AnswerRow(int index, String miner, String text, Map<String, Integer> validatorScores, int consensus,
                     boolean best, String reward) {
        this(index, miner, text, validatorScores, consensus, best, reward, "");
    }

    public AnswerRow withScore(String validator, int score) {
        Map<String, Integer> m = new LinkedHashMap<>(validatorScores);
        m.put(validator, score);
        return new AnswerRow(index, miner, text, Map.copyOf(m), consensus, best, reward, audit);
    }

    public AnswerRow withConsensus(int value, boolean isBest) {
        return new AnswerRow(index, miner, text, validatorScores, value, isBest, reward, audit);
    }

    public AnswerRow withReward(String text) {
        return new AnswerRow(index, miner, this.text, validatorScores, consensus, best, text, audit);
    }

    /** The app's one score format ({@link QualityScores}): "8734/10000", "-" before there is one. */
    public static String score(int value) {
        return QualityScores.format(value);
    }
}
