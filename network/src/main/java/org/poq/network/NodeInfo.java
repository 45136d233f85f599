package org.poq.network;

import java.time.Instant;
import org.poq.core.TokenAmount;

/** A registered node as the registry stores it. Trust 10000 = 1.0; weight = stake x trust. */
public record NodeInfo(String address, NodeRole role, int trust, Instant unbondingReleaseAt, byte[] group,
                       byte[] modelHash, byte[] evaluatorId, TokenAmount stake, TokenAmount unbonding,
                       java.math.BigInteger weight, String modelFamily) {
    public boolean isRegistered() {
        return role != NodeRole.NONE;
    }

    public double trustAsDouble() {
        return trust / 10_000.0;
    }
}
