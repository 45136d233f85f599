package org.poq.miner.engine.llama;

import com.sun.jna.Memory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.poq.miner.engine.EngineException;
import org.poq.miner.chat.PromptPart;
import org.poq.miner.engine.sampling.SamplingSettings;
import org.poq.miner.engine.sampling.VerifiableSampler;

/**
 * The audit of an answer by replay, in the worker: one prefill of prompt and answer with the answer's
 * own tokens as input (teacher forcing), logits kept for every position that predicts an answer token,
 * and at each of them the token the seeded {@link VerifiableSampler} would draw from this model's
 * logits. A position whose drawn token is not the answer's is a mismatch; the replay carries on with
 * the answer's token, so one drifted position never spreads to the next.
 *
 * <p>When that pass finds mismatches at no more than {@link #EXACT_REPLAY_BELOW} of the positions, the
 * answer is replayed a second time exactly as the miner computed it: the prompt in the engine's batches,
 * then the answer one token at a time, and that pass decides. llama.cpp computes quantised weights with
 * other kernels for a batch than for one token, and the difference moves sampling boundaries: on this
 * project's test models, honest Q8_0 answers replayed in one batch mismatched at 4 of 342 positions (small
 * Llama) and 100 of 640 (a medium Qwen2: every answer failed), and at none token by token (BENCHMARKS.md,
 * "Audit by replay"). Most honest answers match in the batch pass and cost a prefill; the rest cost about a
 * generation. Text the model did not sample mismatches at most positions and skips the second pass.
 */
public final class ReplayAudit {
    /**
     * What the replay found.
     *
     * @param positions   answer tokens checked (the final end-of-generation token included)
     * @param mismatchAt  the positions (0 = the answer's first token) where the draw differs
     * @param drawnAt     the token drawn at each mismatching position, in the same order
     * @param marginAt    each mismatch's distance from drawing the answer's token ({@link VerifiableSampler#margin})
     * @param answerText  the answer's tokens as text, to compare with the revealed text
     * @param prefillMs   llama.cpp's time for the pass
     * @param wallMs      the whole audit in this process: pass, logits copies and draws
     */
    public record Outcome(int promptTokens, int positions, int[] answerTokens, int[] mismatchAt, int[] drawnAt,
                          double[] marginAt, String answerText, boolean cancelled, double prefillMs, double wallMs) {
    }

    /** The share of mismatching positions in the batch pass up to which the exact replay decides. */
    public static final double EXACT_REPLAY_BELOW = 0.5;

    private ReplayAudit() {
    }

    /**
     * Replays {@code answer} (token ids, or null to tokenize {@code answerText}) after {@code prompt};
     * {@code cancelled} is polled between batches, {@code alive} runs after each. {@code exactOnly} skips
     * the batch pass and replays token by token at once (the cost of the fallback, measured by the audit
     * benchmark through a debug worker; the network never sets it).
     */
    public static Outcome run(LlamaSession session, List<PromptPart> prompt, int[] answer, String answerText,
                              SamplingSettings settings, BooleanSupplier cancelled, Runnable alive, boolean exactOnly) {
        long t0 = System.nanoTime();
        session.reset();
        int[] promptTokens = session.tokenize(prompt);
        if (promptTokens.length == 0) {
            throw new EngineException("the prompt is empty");
        }
        int[] tokens = answer != null ? answer : session.tokenizeAnswer(answerText);
        if (tokens.length == 0) {
            throw new EngineException("the answer is empty: there is nothing to replay");
        }
        int vocabulary = session.vocabularySize();
        for (int t : tokens) {
            if (t < 0 || t >= vocabulary) {
                throw new EngineException("the answer's token " + t + " is not in this model's vocabulary (0 to "
                        + (vocabulary - 1) + "): it was not made with this model");
            }
        }
        if (promptTokens.length + tokens.length > session.contextSize()) {
            throw new EngineException("the prompt (" + promptTokens.length + " tokens) and the answer (" + tokens.length
                    + " tokens) do not fit this engine's context of " + session.contextSize() + " tokens");
        }
        // the input: the prompt and every answer token but the last (its successor is not part of the answer)
        int[] input = Arrays.copyOf(promptTokens, promptTokens.length + tokens.length - 1);
        System.arraycopy(tokens, 0, input, promptTokens.length, tokens.length - 1);
        int firstOutput = promptTokens.length - 1; // the prompt's last position predicts the answer's first token
        VerifiableSampler sampler = new VerifiableSampler(settings);
        if (exactOnly) {
            return exact(session, promptTokens, tokens, sampler, cancelled, alive, t0);
        }
        Mismatches found = new Mismatches(sampler, tokens, vocabulary);
        int batch = session.batchSize();
        Memory flags = new Memory(batch);
        for (int from = 0; from < input.length; from += batch) {
            if (cancelled.getAsBoolean()) {
                return cancelled(promptTokens, tokens);
            }
            int n = Math.min(batch, input.length - from);
            for (int i = 0; i < n; i++) {
                flags.setByte(i, (byte) (from + i >= firstOutput ? 1 : 0));
            }
            if (!session.decodeWithOutputs(input, from, n, flags)) {
                return cancelled(promptTokens, tokens);
            }
            alive.run(); // a sign of life per batch, so a long replay is not taken for a hang
            for (int i = Math.max(0, firstOutput - from); i < n; i++) {
                found.check(from + i - firstOutput, session.logitsAt(i, found.logits()));
            }
        }
        if (found.count() > 0 && found.count() <= EXACT_REPLAY_BELOW * tokens.length) {
            return exact(session, promptTokens, tokens, sampler, cancelled, alive, t0);
        }
        return found.outcome(session, promptTokens.length, t0);
    }

    /**
     * The replay as the miner's generation computes it (see {@link LlamaSession#generate}): the prompt in
     * the engine's batches, then each answer token decoded alone, its logits read for the next position.
     */
    private static Outcome exact(LlamaSession session, int[] promptTokens, int[] tokens, VerifiableSampler sampler,
                                 BooleanSupplier cancelled, Runnable alive, long t0) {
        session.reset();
        if (!session.decodePrompt(promptTokens)) {
            return cancelled(promptTokens, tokens);
        }
        alive.run();
        Mismatches found = new Mismatches(sampler, tokens, session.vocabularySize());
        for (int position = 0; position < tokens.length; position++) {
            found.check(position, session.logitsAt(-1, found.logits()));
            boolean last = position == tokens.length - 1;
            if (!last && (cancelled.getAsBoolean() || !session.decodeToken(tokens[position]))) {
                return cancelled(promptTokens, tokens);
            }
            if (position % 16 == 15) {
                alive.run();
            }
        }
        return found.outcome(session, promptTokens.length, t0);
    }

    private static Outcome cancelled(int[] promptTokens, int[] tokens) {
        return new Outcome(promptTokens.length, 0, tokens, new int[0], new int[0], new double[0], "", true, 0, 0);
    }

    /**
     * The positions where the seeded draw from this model's logits is not the answer's token, with what was
     * drawn and how far off: one collector, whichever pass (batch or token by token) produced the logits.
     */
    private static final class Mismatches {
        private final VerifiableSampler sampler;
        private final int[] tokens;
        private final float[] logits;
        private final int[] at;
        private final int[] drawn;
        private final double[] margin;
        private int count;

        Mismatches(VerifiableSampler sampler, int[] tokens, int vocabulary) {
            this.sampler = sampler;
            this.tokens = tokens;
            this.logits = new float[vocabulary];
            this.at = new int[tokens.length];
            this.drawn = new int[tokens.length];
            this.margin = new double[tokens.length];
        }

        /** The buffer the pass copies a position's logits into before {@link #check}. */
        float[] logits() {
            return logits;
        }

        /** Draws at {@code position} from {@code positionLogits} and records a mismatch with the answer's token. */
        void check(int position, float[] positionLogits) {
            int pick = sampler.pick(positionLogits, positionLogits.length, position);
            if (pick != tokens[position]) {
                at[count] = position;
                margin[count] = sampler.margin(positionLogits, positionLogits.length, position, tokens[position]);
                drawn[count++] = pick;
            }
        }

        int count() {
            return count;
        }

        Outcome outcome(LlamaSession session, int promptTokens, long t0) {
            return new Outcome(promptTokens, tokens.length, tokens, Arrays.copyOf(at, count), Arrays.copyOf(drawn, count),
                    Arrays.copyOf(margin, count), text(session, tokens), false, session.promptMs(),
                    (System.nanoTime() - t0) / 1e6);
        }
    }

    /** The answer's tokens as UTF-8 text; control tokens (the end-of-generation one) show as nothing. */
    private static String text(LlamaSession session, int[] tokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int t : tokens) {
            bytes.writeBytes(session.piece(t));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
