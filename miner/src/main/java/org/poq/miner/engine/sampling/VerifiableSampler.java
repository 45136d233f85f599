package org.poq.miner.engine.sampling;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * PoQ sampler v1: the one way an answer to a task is drawn from a model's logits, so that anyone with
 * the same model can redraw it. Each step is defined exactly and depends only on the step's logits,
 * the settings and the position, never on a sequential random state, so an auditor can replay every
 * position of an answer from one batched pass:
 *
 * <ol>
 *   <li>order the tokens by logit, highest first, ties by the lower token id; NaN counts as -infinity;</li>
 *   <li>temperature 0: take the first (greedy);</li>
 *   <li>top-k: keep the first k (k = 0 keeps all);</li>
 *   <li>weights w_i = exp((l_i - l_0) / T) in double precision with {@link StrictMath#exp}, which Java
 *       defines bit for bit on every machine (Math.exp may use the CPU's own instructions);</li>
 *   <li>top-p: keep the shortest prefix whose summed weight reaches p × the total (at least one);</li>
 *   <li>draw u = the first 53 bits of SHA-256("poq-sampler-v1" ‖ seed ‖ position as 4 bytes big-endian)
 *       / 2^53, and take the first token whose running weight exceeds u × the kept weight.</li>
 * </ol>
 * Sums run in that order, so the result is the same on every JVM. A different seed, position or model
 * moves u or the weights, which is what makes a copied or substituted answer fail the replay.
 */
public final class VerifiableSampler {
    private static final byte[] DOMAIN = "poq-sampler-v1".getBytes(StandardCharsets.US_ASCII);

    private final SamplingSettings settings;
    private final byte[] seed;
    private final MessageDigest sha256;
    // reused between positions: a sampler belongs to one thread
    private int[] order = new int[0];
    private double[] weights = new double[0];

    public VerifiableSampler(SamplingSettings settings) {
        this.settings = settings;
        this.seed = settings.seed().bytes();
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public SamplingSettings settings() {
        return settings;
    }

    /** The token drawn at answer position {@code position} (0 = the answer's first token) from these logits. */
    public int pick(float[] logits, int vocabulary, int position) {
        int n = candidates(logits, vocabulary);
        if (settings.temperature() == 0f || n == 1) {
            return order[0];
        }
        double top = logits[order[0]];
        double inv = 1.0 / settings.temperature();
        double total = 0;
        for (int i = 0; i < n; i++) {
            float l = logits[order[i]];
            double w = Float.isNaN(l) || l == Float.NEGATIVE_INFINITY ? 0 : StrictMath.exp((l - top) * inv);
            weights[i] = w;
            total += w;
        }
        int kept = n;
        double keptWeight = total;
        if (settings.topP() < 1f) {
            double target = settings.topP() * total;
            double running = 0;
            for (int i = 0; i < n; i++) {
                running += weights[i];
                if (running >= target) {
                    kept = i + 1;
                    keptWeight = running;
                    break;
                }
            }
        }
        double threshold = uniform(position) * keptWeight;
        double running = 0;
        for (int i = 0; i < kept; i++) {
            running += weights[i];
            if (running > threshold) {
                return order[i];
            }
        }
        return order[kept - 1];
    }

    /** The uniform number in [0, 1) of a position: counter-based, so no state carries between positions. */
    double uniform(int position) {
        sha256.reset();
        sha256.update(DOMAIN);
        sha256.update(seed);
        sha256.update(ByteBuffer.allocate(4).putInt(position).array());
        long bits = ByteBuffer.wrap(sha256.digest()).getLong();
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** Fills {@link #order} with the top-k token ids (all when k = 0), highest logit first; returns their count. */
    private int candidates(float[] logits, int vocabulary) {
        int k = settings.topK() == 0 || settings.temperature() == 0f ? vocabulary : Math.min(settings.topK(), vocabulary);
        if (settings.temperature() == 0f) {
            k = 1;
        }
        if (order.length < k) {
            order = new int[k];
            weights = new double[k];
        }
        if (k == vocabulary) {
            // the whole vocabulary: one primitive sort of (logit, id) keys, highest first
            long[] keys = new long[vocabulary];
            for (int i = 0; i < vocabulary; i++) {
                keys[i] = ((long) orderedBits(logits[i]) << 32) | (Integer.MAX_VALUE - i);
            }
            Arrays.sort(keys);
            for (int i = 0; i < k; i++) {
                order[i] = Integer.MAX_VALUE - (int) (keys[vocabulary - 1 - i] & 0xFFFFFFFFL);
            }
            return k;
        }
        // insertion into a sorted window of k: linear in the vocabulary for the small k tasks use
        int size = 0;
        for (int t = 0; t < vocabulary; t++) {
            if (size == k && !before(logits, t, order[k - 1])) {
                continue;
            }
            int i = size == k ? k - 1 : size++;
            while (i > 0 && before(logits, t, order[i - 1])) {
                order[i] = order[i - 1];
                i--;
            }
            order[i] = t;
        }
        return size;
    }

    /** A float's bits as an int that orders like the float (NaN as -infinity). */
    private static int orderedBits(float f) {
        int bits = Float.floatToIntBits(Float.isNaN(f) ? Float.NEGATIVE_INFINITY : f + 0.0f);
        return bits >= 0 ? bits : bits ^ 0x7FFFFFFF;
    }

    /** Whether token a comes before token b: a higher logit, or the same and a lower id; NaN is lowest. */
    private static boolean before(float[] logits, int a, int b) {
        float la = Float.isNaN(logits[a]) ? Float.NEGATIVE_INFINITY : logits[a];
        float lb = Float.isNaN(logits[b]) ? Float.NEGATIVE_INFINITY : logits[b];
        return la > lb || (la == lb && a < b);
    }
}
