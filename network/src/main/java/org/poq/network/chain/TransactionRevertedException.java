package org.poq.network.chain;

/**
 * The contract rejected the call; {@link #reason()} is the contract's revert reason, e.g.
 * "Market: k must be in 1..8". Nothing was changed on chain (a reverted transaction changes no state).
 */
public class TransactionRevertedException extends PoqNetworkException {
    private final String reason;

    public TransactionRevertedException(String action, String reason) {
        super(action + " was rejected: " + reason);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
