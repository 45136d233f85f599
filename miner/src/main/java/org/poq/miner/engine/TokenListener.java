package org.poq.miner.engine;

/**
 * Receives generated text as it streams, on the engine's own thread: keep it short, or wrap it in a
 * {@link TokenBatcher} to hand batches to a UI thread.
 */
@FunctionalInterface
public interface TokenListener {
    TokenListener NONE = piece -> { };

    /** A piece of generated text: usually one token, sometimes several (UTF-8 sequences are kept whole). */
    void onToken(String piece);
}
