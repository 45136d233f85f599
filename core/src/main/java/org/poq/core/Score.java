package org.poq.core;

/** A quality score as the protocol carries it: a probability-like value times 10^4, 0..10000. */
public record Score(int value) implements Comparable<Score> {
    public static final int MAX = 10_000;

    public Score {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("a score is in 0..10000: " + value);
        }
    }

    /** Maps a probability in [0,1] to the nearest score; NaN is an error, out-of-range values are clamped. */
    public static Score ofProbability(double p) {
        if (Double.isNaN(p)) {
            throw new IllegalArgumentException("score probability is NaN");
        }
        double clamped = Math.max(0.0, Math.min(1.0, p));
        return new Score((int) Math.round(clamped * MAX));
    }

    public double asProbability() {
        return value / (double) MAX;
    }

    @Override
    public int compareTo(Score o) {
        return Integer.compare(value, o.value);
    }

    @Override
    public String toString() {
        return String.format("%.2f%%", value / 100.0);
    }
}
