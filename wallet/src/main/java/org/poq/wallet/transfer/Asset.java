package org.poq.wallet.transfer;

/** What a transfer moves: the chain's native coin (it also pays every fee) or the POQ token. */
public enum Asset {
    NATIVE, POQ
}
