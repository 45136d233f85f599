package org.poq.evaluator;

import org.poq.core.Score;

/**
 * Maps the model's number (a logit, or a cosine similarity) to a protocol score:
 * {@code round(10000 * sigmoid(scale * x + bias))}. With scale 1 and bias 0 it is the plain sigmoid of a
 * cross-encoder logit; other values are a calibration stored with the evaluator (and part of its id).
 */
public record ScoreHead(String type, double scale, double bias) {
    public static final String LOGISTIC = "logistic";

    public ScoreHead {
        if (!LOGISTIC.equals(type)) {
            throw new IllegalArgumentException("head type must be \"logistic\", not \"" + type + "\"");
        }
        if (!Double.isFinite(scale) || scale <= 0) {
            throw new IllegalArgumentException("head scale must be a finite number > 0: " + scale);
        }
        if (!Double.isFinite(bias)) {
            throw new IllegalArgumentException("head bias must be a finite number: " + bias);
        }
    }

    public static ScoreHead sigmoid() {
        return new ScoreHead(LOGISTIC, 1.0, 0.0);
    }

    public Score apply(double x) {
        if (Double.isNaN(x)) {
            // A NaN would be a broken model; scoring it 0 keeps one bad input from stopping a validator.
            return new Score(0);
        }
        double z = scale * x + bias;
        return Score.ofProbability(1.0 / (1.0 + Math.exp(-z)));
    }
}
