package org.poq.app.service;

/**
 * A request {@link RequesterSession} refused before anything was signed, carrying the typed
 * {@link Refusal} and its words. It stays an IllegalArgumentException: to every caller that only
 * shows the message it is bad input like any other.
 */
public final class RefusedException extends IllegalArgumentException {
    private final transient Refusal refusal;

    public RefusedException(Refusal refusal, boolean localDevnet) {
        super(RefusalWords.of(refusal, localDevnet));
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
