package org.poq.network;

import java.math.BigInteger;
import java.time.Instant;
import org.poq.core.TokenAmount;

/** A registered node as the registry stores it. Trust 10000 = 1.0; weight = stake x trust. */
public record NodeInfo(String address, NodeRole role, int trust, Instant unbondingReleaseAt, byte[] group,
                       byte[] modelHash, byte[] evaluatorId, TokenAmount stake, TokenAmount unbonding,
                       BigInteger weight, String modelFamily) {
    public boolean isRegistered() {
        return role != NodeRole.NONE;
    }

    public double trustAsDouble() {
        return trust / 10_000.0;
    }

    /**
     * The stake a registration adds to hold {@code wanted}: the shortfall in the same group, all of it when
     * the node moves to another group (protocol v3 puts the old group's stake into unbonding, decision 0025).
     */
    public TokenAmount stakeToAdd(TokenAmount wanted, boolean movingGroup) {
        TokenAmount have = movingGroup ? TokenAmount.ZERO : stake;
        return have.compareTo(wanted) >= 0 ? TokenAmount.ZERO : wanted.minus(have);
    }
}
