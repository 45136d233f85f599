package org.poq.app.serve;

import java.math.BigInteger;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.poq.core.TokenAmount;
import org.poq.core.db.SettingsStore;

/**
 * What the endpoint has spent today, kept in the settings table so a restart does not reset the daily
 * limit. A request reserves its whole fee before anything is signed (so two concurrent requests cannot
 * both slip under the limit); a failed submission releases it, a refund gives back the unspent part.
 */
public final class SpendLedger {
    private static final String PREFIX = "serve.spent.";
    private final SettingsStore store;
    private final Clock clock;
    private final SpendingLimits limits;

    public SpendLedger(SettingsStore store, Clock clock, SpendingLimits limits) {
        this.store = store;
        this.clock = clock;
        this.limits = limits;
    }

    public SpendingLimits limits() {
        return limits;
    }

    /** A reservation: the day it counts against and the amount, to release or settle later. */
    public record Reservation(LocalDate day, TokenAmount amount) {
    }

    /** Checks both limits and reserves the fee, or throws the OpenAI-shaped error (402 or 429). */
    public synchronized Reservation reserve(TokenAmount fee) {
        if (fee.compareTo(limits.perRequest()) > 0) {
            throw new ApiError(402, "insufficient_quota", "spending_limit_per_request", "poq.fee",
                    "The fee of " + fee.toPlainString() + " POQ is above your limit of " + limits.perRequest().toPlainString()
                            + " POQ per request. Ask with a lower poq.fee, or raise the limit (poq serve --max-fee-per-request, or the Settings screen).",
                    null);
        }
        LocalDate day = today();
        TokenAmount spent = spent(day);
        if (spent.plus(fee).compareTo(limits.perDay()) > 0) {
            throw new ApiError(429, "insufficient_quota", "spending_limit_per_day", null,
                    "Today's spending limit is reached: " + spent.toPlainString() + " of " + limits.perDay().toPlainString()
                            + " POQ spent (UTC day), and this request would escrow " + fee.toPlainString()
                            + " POQ more. Wait until tomorrow (UTC) or raise the limit (poq serve --max-fee-per-day, or the Settings screen).",
                    null);
        }
        put(day, spent.plus(fee));
        return new Reservation(day, fee);
    }

    /** The submission failed: nothing was spent. */
    public synchronized void release(Reservation r) {
        giveBack(r.day(), r.amount());
    }

    /** The round finished: the refund goes back to the day's budget. */
    public synchronized void refund(Reservation r, TokenAmount refund) {
        giveBack(r.day(), refund.compareTo(r.amount()) > 0 ? r.amount() : refund);
    }

    public synchronized TokenAmount spentToday() {
        return spent(today());
    }

    private void giveBack(LocalDate day, TokenAmount amount) {
        TokenAmount spent = spent(day);
        put(day, spent.compareTo(amount) >= 0 ? spent.minus(amount) : TokenAmount.ZERO);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private TokenAmount spent(LocalDate day) {
        return store.get(PREFIX + day).map(s -> TokenAmount.ofWei(new BigInteger(s))).orElse(TokenAmount.ZERO);
    }

    private void put(LocalDate day, TokenAmount amount) {
        store.put(PREFIX + day, amount.wei().toString());
    }
}
