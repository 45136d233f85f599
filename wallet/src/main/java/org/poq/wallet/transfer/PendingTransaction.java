package org.poq.wallet.transfer;

import java.math.BigInteger;
import java.time.Instant;
import org.poq.core.TokenAmount;

/**
 * A transaction this wallet signed, as kept in SQLite from before it is broadcast until it settles.
 * The signed bytes are public once broadcast. {@code network} is the {@code NetworkIdentity} key it was
 * signed for: it is settled and shown only on that network.
 */
public record PendingTransaction(long id, long chainId, String hash, Kind kind, Long replaces, String from, String to,
                                 String recipient, Asset asset, TokenAmount amount, long nonce, BigInteger gasLimit,
                                 BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas, String raw, Status status,
                                 String network, String error, TokenAmount feePaid, Instant createdAt, Instant updatedAt) {

    public enum Kind { TRANSFER, SPEED_UP, CANCEL }

    public enum Status {
        /** Signed and stored; the broadcast failed midway, so the node may or may not have it: re-sent on refresh. */
        SIGNED,
        /** Accepted by the node, not mined yet. */
        PENDING,
        CONFIRMED,
        /** Mined but reverted (the fee is spent). */
        FAILED,
        /** Another transaction with the same nonce (a speed-up or cancel) was mined instead. */
        REPLACED,
        /** Never reached the node, or the node refused it; its nonce is free again. */
        NOT_SENT,
        /**
         * Not on the chain and not on the node: its block was dropped by a reorganisation, the node forgot
         * it, or the chain was reset. Never sent again by itself: the user may send it again.
         */
        DROPPED;

        public boolean isOpen() {
            return this == SIGNED || this == PENDING;
        }
    }
}
