package org.poq.miner.engine;

import org.poq.miner.chat.PromptPart;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.poq.miner.engine.sampling.SamplingSeed;
import org.poq.miner.engine.sampling.SamplingSettings;

/**
 * One completion of an already rendered prompt (see {@link org.poq.miner.chat.ChatFamily#renderParts}).
 *
 * @param parts     the prompt: template pieces (control tokens parsed) and literal pieces (plain text)
 * @param topK      keep the k most likely tokens before top-p; 0 turns it off
 * @param seed      a small seed for asking and chatting: the same seed, prompt and model give the same text
 * @param maxBytes  the answer is cut at this many UTF-8 bytes (the protocol's answer limit)
 * @param fitContext the answer may take at most what the context leaves after the prompt, instead of the
 *                  request being refused when prompt and maxTokens together exceed it (a miner answers
 *                  a task as far as its context allows rather than failing it); a prompt that leaves no
 *                  room is refused either way
 * @param samplingSeed the 32-byte key of the project's verifiable sampler; {@link #withSeed} sets it from
 *                  the small seed, {@link #withSampling} from a task's settings
 */
public record GenerationRequest(List<PromptPart> parts, int maxTokens, float temperature, float topP, int topK,
                                long seed, List<String> stopStrings, int maxBytes, boolean fitContext,
                                SamplingSeed samplingSeed) {
    public static final int DEFAULT_TOP_K = 40;

    public GenerationRequest {
        parts = List.copyOf(Objects.requireNonNull(parts, "prompt"));
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max tokens must be at least 1, not " + maxTokens);
        }
        if (temperature < 0 || Float.isNaN(temperature)) {
            throw new IllegalArgumentException("temperature cannot be negative");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1], not " + topP);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k cannot be negative (0 turns it off)");
        }
        if (seed < 0 || seed > Integer.MAX_VALUE) {
            // llama.cpp's dist sampler takes a 32-bit seed; a wider one would be silently cut
            throw new IllegalArgumentException("seed must be in [0, 2^31-1], not " + seed);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the answer byte limit must be at least 1, not " + maxBytes);
        }
        stopStrings = List.copyOf(stopStrings);
        if (samplingSeed == null) {
            samplingSeed = SamplingSeed.ofLong(seed);
        }
    }

    /** A prompt given as finished text, control tokens in it parsed (for tests and benchmarks). */
    public static GenerationRequest of(String prompt) {
        return ofParts(List.of(PromptPart.template(prompt)));
    }

    public static GenerationRequest ofParts(List<PromptPart> parts) {
        return new GenerationRequest(parts, 256, 0.8f, 0.95f, DEFAULT_TOP_K, 42, List.of(), Integer.MAX_VALUE, false,
                null);
    }

    /** The prompt's whole text. */
    public String prompt() {
        return parts.stream().map(PromptPart::text).collect(Collectors.joining());
    }

    public GenerationRequest withMaxTokens(int n) {
        return new GenerationRequest(parts, n, temperature, topP, topK, seed, stopStrings, maxBytes, fitContext, samplingSeed);
    }

    public GenerationRequest withTemperature(float t) {
        return new GenerationRequest(parts, maxTokens, t, topP, topK, seed, stopStrings, maxBytes, fitContext, samplingSeed);
    }

    public GenerationRequest withTopP(float p) {
        return new GenerationRequest(parts, maxTokens, temperature, p, topK, seed, stopStrings, maxBytes, fitContext, samplingSeed);
    }

    public GenerationRequest withTopK(int k) {
        return new GenerationRequest(parts, maxTokens, temperature, topP, k, seed, stopStrings, maxBytes, fitContext, samplingSeed);
    }

    public GenerationRequest withSeed(long s) {
        return new GenerationRequest(parts, maxTokens, temperature, topP, topK, s, stopStrings, maxBytes, fitContext,
                SamplingSeed.ofLong(s));
    }

    public GenerationRequest withStopStrings(List<String> stops) {
        return new GenerationRequest(parts, maxTokens, temperature, topP, topK, seed, stops, maxBytes, fitContext, samplingSeed);
    }

    /** The answer takes at most the context's room after the prompt (see {@code fitContext}). */
    public GenerationRequest fittingContext() {
        return new GenerationRequest(parts, maxTokens, temperature, topP, topK, seed, stopStrings, maxBytes, true,
                samplingSeed);
    }

    public GenerationRequest withMaxBytes(int n) {
        return new GenerationRequest(parts, maxTokens, temperature, topP, topK, seed, stopStrings, n, fitContext, samplingSeed);
    }

    /** Samples under a task's settings: temperature, top-k, top-p and the 32-byte seed. */
    public GenerationRequest withSampling(SamplingSettings s) {
        return new GenerationRequest(parts, maxTokens, s.temperature(), s.topP(), s.topK(), seed, stopStrings, maxBytes,
                fitContext, s.seed());
    }

    /** The settings the verifiable sampler draws this request with (what an audit replays). */
    public SamplingSettings sampling() {
        return new SamplingSettings(temperature, topK, topP, samplingSeed);
    }
}
