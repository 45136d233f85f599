package org.poq.wallet.history;

import java.time.Instant;
import org.poq.core.TokenAmount;
import org.poq.wallet.transfer.Asset;

/**
 * One line of an account's history, decoded from the chain. {@code logIndex} is the log's index in
 * its block, or -1 for a native value transfer and -2 for the fee of a transaction, which have no log.
 */
public record HistoryEntry(String account, String txHash, int logIndex, long block, Instant time, HistoryKind kind,
                           Asset asset, Direction direction, String counterparty, TokenAmount amount, String taskId,
                           String reason) {
    public enum Direction { IN, OUT, NONE }
}
