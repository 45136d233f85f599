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
 *   <li>weights w_i = exp((l_i - l_0) / T) in double precision (logits and T are float32 values widened),
 *       with {@link StrictMath#exp}, which Java defines bit for bit on every machine (Math.exp may use
 *       the CPU's own instructions);</li>
 *   <li>top-p: keep the shortest prefix whose running sum of weights reaches p × the total (at least one);</li>
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
        int n = candidates(logits, vocabulary, topK(vocabulary));
        if (settings.temperature() == 0f || n == 1) {
            return order[0];
        }
        double top = logits[order[0]];
        double t = settings.temperature();
        double total = 0;
        for (int i = 0; i < n; i++) {
            float l = logits[order[i]];
            double w = Float.isNaN(l) || l == Float.NEGATIVE_INFINITY ? 0 : StrictMath.exp((l - top) / t);
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

    /** The top-k of the settings for this vocabulary: 1 when greedy, the whole vocabulary when k = 0. */
    private int topK(int vocabulary) {
        if (settings.temperature() == 0f) {
            return 1;
        }
        return settings.topK() == 0 ? vocabulary : Math.min(settings.topK(), vocabulary);
    }

    /**
     * How far this position's draw is from drawing {@code token}, as a share of the weight the draw
     * spreads over: 0 when it draws it; else the smallest shift of the draw's threshold (or of the top-p
     * cut, or of a tie at the top-k edge) that would draw it; infinity when the token is further than
     * one place outside the candidates. Floating-point drift between two machines moves the weights by
     * a tiny share, so an honest mismatch has a tiny margin; a token the model did not draw is almost
     * always far from the threshold. Greedy draws report 0 for a tie and infinity otherwise.
     */
    public double margin(float[] logits, int vocabulary, int position, int token) {
        int k = topK(vocabulary);
        int n = candidates(logits, vocabulary, Math.min(k + 1, vocabulary)); // one more: the top-k edge
        int j = indexOf(token, n);
        if (j < 0 || j > k) {
            return Double.POSITIVE_INFINITY;
        }
        double t = settings.temperature() == 0f ? 1e-6 : settings.temperature();
        double top = logits[order[0]];
        for (int i = 0; i < n; i++) {
            float l = logits[order[i]];
            weights[i] = Float.isNaN(l) || l == Float.NEGATIVE_INFINITY ? 0 : StrictMath.exp((l - top) / t);
        }
        double edge = 0;
        if (j == k) { // just outside the top-k: only a near tie with the last candidate could have let it in
            if (weights[k - 1] == 0) {
                return Double.POSITIVE_INFINITY;
            }
            edge = 1 - weights[k] / weights[k - 1];
            int o = order[k - 1];
            order[k - 1] = order[k];
            order[k] = o;
            double w = weights[k - 1];
            weights[k - 1] = weights[k];
            weights[k] = w;
            j = k - 1;
        }
        if (settings.temperature() == 0f) {
            return j == 0 ? edge : Double.POSITIVE_INFINITY;
        }
        double total = 0;
        for (int i = 0; i < k; i++) {
            total += weights[i];
        }
        int kept = k;
        double keptWeight = total;
        if (settings.topP() < 1f) {
            double running = 0;
            for (int i = 0; i < k; i++) {
                running += weights[i];
                if (running >= settings.topP() * total) {
                    kept = i + 1;
                    keptWeight = running;
                    break;
                }
            }
        }
        double before = 0;
        for (int i = 0; i < Math.min(j, kept); i++) {
            before += weights[i];
        }
        if (j > kept) {
            return Double.POSITIVE_INFINITY;
        }
        if (j == kept) { // just past the top-p cut: the cut would have had to fall one place later
            double cut = (before - settings.topP() * total) / total;
            double widened = before + weights[j];
            double threshold = uniform(position) * widened;
            return Math.max(Math.max(edge, cut), Math.max(0, before - threshold) / widened);
        }
        double threshold = uniform(position) * keptWeight;
        double after = before + weights[j];
        double distance = threshold < before ? before - threshold : threshold >= after ? threshold - after : 0;
        return Math.max(edge, distance / keptWeight);
    }

    private int indexOf(int token, int n) {
        for (int i = 0; i < n; i++) {
            if (order[i] == token) {
                return i;
            }
        }
        return -1;
    }

    /** Fills {@link #order} with the k best token ids, highest logit first; returns their count. */
    private int candidates(float[] logits, int vocabulary, int k) {
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
