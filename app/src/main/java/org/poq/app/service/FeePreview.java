package org.poq.app.service;

import java.util.Optional;
import org.poq.core.AmountFormat;
import org.poq.core.TokenAmount;

/**
 * What a task will cost and who can answer it, checked against the chain before anything is signed:
 * the requester's balance, the eligible miners and validators, and whether some of those nodes
 * missed their last tasks (then the task may wait for a deadline).
 */
public record FeePreview(TokenAmount fee, TokenAmount balance, int eligibleMiners, int eligibleValidators,
                         int commitWindowSeconds, Liveness liveness) {

    /** One line a face can show as it is. */
    public String describe() {
        StringBuilder s = new StringBuilder("Fee " + AmountFormat.of(fee, AmountFormat.POQ) + " is escrowed (plus gas in ETH); unspent parts are refunded. "
                + "Balance " + AmountFormat.of(balance, AmountFormat.POQ) + ". " + eligibleMiners + " miner(s) and " + eligibleValidators
                + " validator(s) can take it.");
        warning().ifPresent(w -> s.append(' ').append(w));
        return s.toString();
    }

    /** The liveness warning, when registered nodes have not acted recently. */
    public Optional<String> warning() {
        return liveness.warning(commitWindowSeconds);
    }
}
