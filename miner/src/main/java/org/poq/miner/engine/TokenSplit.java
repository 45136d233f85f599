package org.poq.miner.engine;

import java.util.Collection;
import java.util.Locale;

/**
 * Where a generation's wall-clock time went, token loop only (the prompt excluded), in the worker's
 * own clock: sampling (the sampler chain, with the cancel check), detokenizing (token to piece, UTF-8
 * buffering, stop strings and byte limit), emitting (handing the text on: in the worker, the pipe
 * write), and decoding the sampled token (the llama_decode call through JNA). It answers how much of
 * a token's time is ours and how much is llama.cpp's; it costs two clock reads per phase.
 *
 * @param tokens tokens generated in the loop
 */
public record TokenSplit(int tokens, long sampleNanos, long detokenizeNanos, long emitNanos, long decodeNanos,
                         long loopNanos) {
    public static final TokenSplit NONE = new TokenSplit(0, 0, 0, 0, 0, 0);

    /** Milliseconds per token of one phase. */
    public static double msPerToken(long nanos, int tokens) {
        return tokens > 0 ? nanos / 1e6 / tokens : 0;
    }

    /** "sample a, detokenize b, emit c, decode d, loop e ms/token" for benchmark output. */
    public String describe() {
        return String.format(Locale.ROOT, "sample %.3f, detokenize %.3f, emit %.3f, decode %.3f, loop %.3f ms/token"
                        + " over %d tokens", msPerToken(sampleNanos, tokens), msPerToken(detokenizeNanos, tokens),
                msPerToken(emitNanos, tokens), msPerToken(decodeNanos, tokens), msPerToken(loopNanos, tokens), tokens);
    }

    /** The phases of several generations added up (per-token figures then average over all their tokens). */
    public static TokenSplit sum(Collection<TokenSplit> splits) {
        return splits.stream().reduce(NONE, (a, b) -> new TokenSplit(a.tokens + b.tokens, a.sampleNanos + b.sampleNanos,
                a.detokenizeNanos + b.detokenizeNanos, a.emitNanos + b.emitNanos, a.decodeNanos + b.decodeNanos,
                a.loopNanos + b.loopNanos));
    }

    /** Accumulates the phases of one generation as the loop marks them. */
    public static final class Timer {
        private long start;
        private long last;
        private long sample;
        private long detokenize;
        private long emit;
        private long decode;
        private long loop;
        private int tokens;

        public void start() {
            start = System.nanoTime();
            last = start;
        }

        private long lap() {
            long now = System.nanoTime();
            long d = now - last;
            last = now;
            return d;
        }

        public void sampled() {
            sample += lap();
        }

        public void detokenized() {
            detokenize += lap();
        }

        public void emitted() {
            emit += lap();
        }

        public void decoded() {
            decode += lap();
        }

        public void stop(int generated) {
            loop = start == 0 ? 0 : System.nanoTime() - start;
            tokens = generated;
        }

        public TokenSplit split() {
            return new TokenSplit(tokens, sample, detokenize, emit, decode, loop);
        }
    }
}
