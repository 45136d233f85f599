package org.poq.miner.engine;

import java.util.List;
import java.util.Objects;

/**
 * One completion of an already rendered prompt (see {@link org.poq.miner.chat.ChatFamily#render}).
 *
 * @param seed the sampler's seed: the same seed, prompt and model give the same text
 */
public record GenerationRequest(String prompt, int maxTokens, float temperature, float topP, long seed,
                                List<String> stopStrings) {
    public GenerationRequest {
        Objects.requireNonNull(prompt, "prompt");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max tokens must be at least 1, not " + maxTokens);
        }
        if (temperature < 0 || Float.isNaN(temperature)) {
            throw new IllegalArgumentException("temperature cannot be negative");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1], not " + topP);
        }
        if (seed < 0 || seed > Integer.MAX_VALUE) {
            // the binding takes an int seed; a wider one would be silently cut
            throw new IllegalArgumentException("seed must be in [0, 2^31-1], not " + seed);
        }
        stopStrings = List.copyOf(stopStrings);
    }

    public static GenerationRequest of(String prompt) {
        return new GenerationRequest(prompt, 256, 0.8f, 0.95f, 42, List.of());
    }

    public GenerationRequest withMaxTokens(int n) {
        return new GenerationRequest(prompt, n, temperature, topP, seed, stopStrings);
    }

    public GenerationRequest withTemperature(float t) {
        return new GenerationRequest(prompt, maxTokens, t, topP, seed, stopStrings);
    }

    public GenerationRequest withTopP(float p) {
        return new GenerationRequest(prompt, maxTokens, temperature, p, seed, stopStrings);
    }

    public GenerationRequest withSeed(long s) {
        return new GenerationRequest(prompt, maxTokens, temperature, topP, s, stopStrings);
    }

    public GenerationRequest withStopStrings(List<String> stops) {
        return new GenerationRequest(prompt, maxTokens, temperature, topP, seed, stops);
    }
}
