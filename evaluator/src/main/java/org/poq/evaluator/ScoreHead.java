package org.poq.evaluator;

import org.poq.core.Score;

/**
 * Maps the model's output to a protocol score. Two kinds (both part of the evaluator id):
 * <ul>
 *   <li>{@code logistic}: {@code round(10000 * sigmoid(scale * x + bias))}, x the one logit of a
 *       relevance cross-encoder (scale 1, bias 0 is its plain sigmoid) or a bi-encoder's cosine;</li>
 *   <li>{@code softmax}: {@code round(10000 * softmax(logits)[class])}, the probability of one class of a
 *       classifier with several outputs (an NLI model's "entailment", a reward model's "good" class).</li>
 * </ul>
 *
 * @param classIndex the class a softmax head reads; -1 for a logistic head
 */
public record ScoreHead(String type, double scale, double bias, int classIndex) {
    public static final String LOGISTIC = "logistic";
    public static final String SOFTMAX = "softmax";
    /** More classes than any classifier head an evaluator would use; bounds what a package may ask. */
    public static final int MAX_CLASSES = 64;

    public ScoreHead {
        if (LOGISTIC.equals(type)) {
            if (!Double.isFinite(scale) || scale <= 0) {
                throw new IllegalArgumentException("head scale must be a finite number > 0: " + scale);
            }
            if (!Double.isFinite(bias)) {
                throw new IllegalArgumentException("head bias must be a finite number: " + bias);
            }
            if (classIndex != -1) {
                throw new IllegalArgumentException("a logistic head has no class");
            }
        } else if (SOFTMAX.equals(type)) {
            if (classIndex < 0 || classIndex >= MAX_CLASSES) {
                throw new IllegalArgumentException("head class must be in 0.." + (MAX_CLASSES - 1) + ": " + classIndex);
            }
        } else {
            throw new IllegalArgumentException("head type must be \"logistic\" or \"softmax\", not \"" + type + "\"");
        }
    }

    public ScoreHead(String type, double scale, double bias) {
        this(type, scale, bias, -1);
    }

    public static ScoreHead sigmoid() {
        return new ScoreHead(LOGISTIC, 1.0, 0.0);
    }

    public static ScoreHead softmaxClass(int classIndex) {
        return new ScoreHead(SOFTMAX, 1.0, 0.0, classIndex);
    }

    public boolean isSoftmax() {
        return SOFTMAX.equals(type);
    }

    /** How many model outputs per row this head reads: 1, or at least class + 1. */
    int minOutputs() {
        return isSoftmax() ? Math.max(2, classIndex + 1) : 1;
    }

    /** The number the head turns into a score: the logit or cosine itself, or the class's softmax probability. */
    double value(double[] outputs) {
        if (!isSoftmax()) {
            return outputs[0];
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double o : outputs) {
            max = Math.max(max, o);
        }
        double sum = 0;
        for (double o : outputs) {
            sum += Math.exp(o - max);
        }
        return Math.exp(outputs[classIndex] - max) / sum;
    }

    /** The score for {@link #value}: the sigmoid of a logistic head, the probability itself for softmax. */
    public Score apply(double x) {
        if (Double.isNaN(x)) {
            // A NaN would be a broken model; scoring it 0 keeps one bad input from stopping a validator.
            return new Score(0);
        }
        if (isSoftmax()) {
            return Score.ofProbability(x);
        }
        double z = scale * x + bias;
        return Score.ofProbability(1.0 / (1.0 + Math.exp(-z)));
    }

    /** The id line (docs/evaluator.md). */
    String canonicalLine() {
        return isSoftmax() ? "head softmax class=" + classIndex + "\n"
                : "head " + type + " scale=" + EvaluatorConfig.bits(scale) + " bias=" + EvaluatorConfig.bits(bias) + "\n";
    }
}
