package org.poq.miner.gguf;

/** A model file that cannot be used, with the reason a person can act on. */
public class GgufException extends RuntimeException {
    public enum Reason {
        /** No GGUF magic: another kind of file. */
        NOT_GGUF,
        /** The file ends before its header or tensor data does: an interrupted copy or download. */
        TRUNCATED,
        /** A GGUF whose model architecture this engine does not run. */
        UNSUPPORTED_ARCHITECTURE,
        /** A metadata key the runtime needs is absent. */
        MISSING_KEY,
        /** Anything else inconsistent in the header. */
        MALFORMED,
        /** The file cannot be read at all. */
        UNREADABLE
    }

    private final Reason reason;

    public GgufException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public GgufException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
