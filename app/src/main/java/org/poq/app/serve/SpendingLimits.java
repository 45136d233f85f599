package org.poq.app.serve;

import org.poq.core.TokenAmount;

/** The most the endpoint may escrow for one request and in one (UTC) day, in POQ. */
public record SpendingLimits(TokenAmount perRequest, TokenAmount perDay) {
    public SpendingLimits {
        if (perRequest == null || perDay == null || perRequest.isZero() || perDay.isZero()) {
            throw new IllegalArgumentException("spending limits must be more than 0 POQ");
        }
        if (perRequest.compareTo(perDay) > 0) {
            throw new IllegalArgumentException("the limit per request (" + perRequest.toPlainString()
                    + " POQ) cannot be above the limit per day (" + perDay.toPlainString() + " POQ)");
        }
    }

    public static SpendingLimits defaults() {
        return new SpendingLimits(TokenAmount.ofTokens(20), TokenAmount.ofTokens(200));
    }
}
