package org.poq.wallet.transfer;

import org.poq.core.TokenAmount;

/** An account's holdings: native coin, POQ, and POQ staked or unbonding in the registry. */
public record Balances(String address, TokenAmount nativeCoin, TokenAmount poq, TokenAmount staked, TokenAmount unbonding) {
    public TokenAmount poqTotal() {
        return poq.plus(staked).plus(unbonding);
    }
}
