package org.poq.wallet.history;

/** What a history line records. */
public enum HistoryKind {
    TRANSFER_IN, TRANSFER_OUT, FEE, STAKE, UNSTAKE, TASK_PAYMENT, REWARD, REFUND, SLASH
}
