package org.poq.simulator;

import java.util.Locale;
import java.util.Random;

/**
 * What an honest evaluator says of each kind of answer. The simulator does not run the cross-encoder
 * (the evaluator module tests it on a quality set): it states a model instead. Each revealed answer
 * gets one true quality drawn from its kind's distribution, shared by every honest validator of the
 * round; each honest validator then adds its own small noise, the floating-point spread of running the
 * same evaluator on different hardware.
 */
public record QualityModel(double honestMean, double honestSd, double offTopicMean, double randomMean, double emptyMean,
                           double lowSd, double validatorNoiseSd) {

    public static QualityModel standard() {
        return new QualityModel(0.85, 0.05, 0.10, 0.08, 0.03, 0.02, 0.002);
    }

    /** The true quality (0..1) of one answer of this kind. */
    double quality(MinerStrategy kind, Random random) {
        double mean = switch (kind) {
            case HONEST -> honestMean;
            case OFF_TOPIC, COLLUDING -> offTopicMean;
            case RANDOM_TEXT -> randomMean;
            case EMPTY -> emptyMean;
            case COPIER -> throw new IllegalArgumentException("a copier reveals no answer");
        };
        double sd = kind == MinerStrategy.HONEST ? honestSd : lowSd;
        return clip(mean + sd * random.nextGaussian());
    }

    /** An honest validator's score (0..10000) for an answer of true quality q. */
    int honestScore(double q, Random random) {
        return (int) Math.round(clip(q + validatorNoiseSd * random.nextGaussian()) * 10_000);
    }

    public String describe() {
        return String.format(Locale.ROOT,
                "honest answers %.2f ± %.2f, off-topic (and the colluding miner's) %.2f, random text %.2f, empty %.2f "
                        + "(± %.2f), each honest validator adding noise of sd %.3f",
                honestMean, honestSd, offTopicMean, randomMean, emptyMean, lowSd, validatorNoiseSd);
    }

    private static double clip(double x) {
        return Math.max(0, Math.min(1, x));
    }
}
