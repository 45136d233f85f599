package org.poq.miner.engine;

/** Why a generation ended. */
public enum StopReason {
    /** The model ended its answer (end-of-text token or a stop string). */
    END_OF_TEXT,
    /** The max-tokens limit was reached. */
    MAX_TOKENS,
    /** The answer reached the protocol's byte limit and was cut there (at a character boundary). */
    MAX_BYTES,
    /** The caller cancelled it; the text is what had been generated until then. */
    CANCELLED
}
