package org.poq.miner.engine.sampling;

/**
 * How a task's answers are sampled: the settings and the seed the {@link VerifiableSampler} draws with.
 *
 * @param temperature 0 (greedy) or above; a task's from 0.05 to 2 ({@link #forTask})
 * @param topK        0 keeps the whole vocabulary; a task's from 1 to 1000
 * @param topP        in (0, 1]
 */
public record SamplingSettings(float temperature, int topK, float topP, SamplingSeed seed) {
    public static final float MIN_TEMPERATURE = 0.05f;
    public static final float MAX_TEMPERATURE = 2f;
    public static final int MAX_TOP_K = 1000;

    public SamplingSettings {
        if (Float.isNaN(temperature) || Float.isInfinite(temperature) || temperature < 0) {
            throw new IllegalArgumentException("the temperature must be 0 (greedy) or above, not " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k cannot be negative (0 keeps the whole vocabulary)");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be above 0 and at most 1, not " + topP);
        }
        if (seed == null) {
            throw new IllegalArgumentException("a sampling seed is needed");
        }
    }

    /**
     * Settings a task may carry: the ranges a requester can choose from, stated in the error. Outside
     * them an answer is either not worth auditing (greedy answers of two miners are the same, so a copy
     * cannot be told apart) or too costly to replay (a whole-vocabulary sort at every position).
     */
    public static SamplingSettings forTask(float temperature, int topK, float topP, SamplingSeed seed) {
        if (Float.isNaN(temperature) || temperature < MIN_TEMPERATURE || temperature > MAX_TEMPERATURE) {
            throw new IllegalArgumentException("a task's temperature must be from " + MIN_TEMPERATURE + " to "
                    + MAX_TEMPERATURE + ", not " + temperature);
        }
        if (topK < 1 || topK > MAX_TOP_K) {
            throw new IllegalArgumentException("a task's top-k must be from 1 to " + MAX_TOP_K + ", not " + topK);
        }
        return new SamplingSettings(temperature, topK, topP, seed);
    }

    /** The settings of the protocol's tasks until the chain carries its own: llama.cpp's usual defaults. */
    public static SamplingSettings taskDefaults(SamplingSeed seed) {
        return forTask(0.8f, 40, 0.95f, seed);
    }

    public String describe() {
        return temperature == 0 ? "greedy" : "temperature " + temperature + ", top-k " + (topK == 0 ? "off" : topK)
                + ", top-p " + topP + ", seed " + seed.hex();
    }
}
