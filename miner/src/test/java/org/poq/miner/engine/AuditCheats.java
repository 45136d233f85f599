package org.poq.miner.engine;

import org.poq.miner.chat.PromptPart;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.poq.miner.engine.sampling.SamplingSeed;
import org.poq.miner.engine.sampling.SamplingSettings;

/**
 * The answers a rational miner could reveal instead of sampling the claimed model under the task's
 * seed, each named for the attack, shared by the CI test and the benchmark.
 */
final class AuditCheats {
    static final List<String> PROMPTS = List.of("What is the capital of France?", "Why does water boil?",
            "Name a prime number and say why it is prime.", "How far is the moon?", "Explain the proof of quality.",
            "Quelle est la capitale de la France ?", "Wie funktioniert ein Netzwerk?", "¿Qué es un número primo?",
            "Write one sentence about the sun.", "What is two plus three?");
    static final String HAND_WRITTEN = "The capital of France is Paris, and water boils at one hundred degrees because"
            + " the energy of the sun is light and the answer to the question is that the model is a network.";

    private AuditCheats() {
    }

    static SamplingSettings settings(SamplingSeed seed) {
        return SamplingSettings.taskDefaults(seed);
    }

    static SamplingSeed seed(long taskRandomness, String miner) {
        byte[] r = SamplingSeed.ofLong(taskRandomness).bytes();
        return SamplingSeed.forMiner(r, miner);
    }

    static GenerationRequest request(LoadedModel model, String question, SamplingSettings s, int maxTokens) {
        List<PromptPart> prompt = model.chatFamily().renderParts(List.of(org.poq.miner.chat.ChatMessage.user(question)));
        return GenerationRequest.ofParts(prompt).withMaxTokens(maxTokens).withSampling(s)
                .withStopStrings(model.chatFamily().stopStrings());
    }

    static GenerationResult generate(InferenceEngine engine, GenerationRequest request) {
        return engine.generate(request, TokenListener.NONE).await();
    }

    /** The honest tokens with ceil(5%) of them replaced by other ordinary tokens (never the end token). */
    static int[] edited(int[] tokens, long seed, int ordinaryTokens) {
        int[] out = tokens.clone();
        int body = tokens.length - (tokens.length > 1 ? 1 : 0); // keep a final end token where it is
        int edits = (int) Math.ceil(tokens.length * 0.05);
        SplittableRandom r = new SplittableRandom(seed);
        int[] positions = r.ints(0, body).distinct().limit(Math.min(edits, body)).toArray();
        for (int p : positions) {
            int t;
            do {
                t = r.nextInt(ordinaryTokens);
            } while (t == tokens[p]);
            out[p] = t;
        }
        return out;
    }

    static String describe(int[] tokens) {
        return tokens.length + " tokens " + Arrays.toString(Arrays.copyOf(tokens, Math.min(8, tokens.length)));
    }
}
