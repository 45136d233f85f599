package org.poq.app.serve;

import java.util.Map;
import java.util.function.Supplier;
import org.poq.app.service.Refusal;
import org.poq.app.service.Refusal.FeeBelowProtocolMinimum;
import org.poq.app.service.Refusal.FeeNotPositive;
import org.poq.app.service.Refusal.InsufficientBalance;
import org.poq.app.service.Refusal.MaxTokensOutOfRange;
import org.poq.app.service.Refusal.MinersOutOfRange;
import org.poq.app.service.Refusal.PromptTooLong;
import org.poq.app.service.Refusal.TooFewMiners;
import org.poq.app.service.Refusal.TooFewValidators;
import org.poq.app.service.Refusal.ValidatorsOutOfRange;

/**
 * The endpoint's wording of each {@link Refusal}: an OpenAI-shaped error with its HTTP status, naming
 * the request field to change (the window's and CLI's wording is RefusalWords).
 */
final class RefusalErrors {
    private RefusalErrors() {
    }

    /**
     * @param localDevnet whether hints may name the local devnet's demo nodes and faucet
     * @param served the served model families, read only to tell an unknown family (404) from one whose miners are all busy (503)
     */
    static ApiError of(Refusal refusal, boolean localDevnet, Supplier<Map<String, Integer>> served) {
        String devnetHint = localDevnet ? "; on the local devnet, the Network screen (or poq demo) starts demo nodes" : "";
        if (refusal instanceof PromptTooLong p) {
            return ApiError.badRequest("messages", "The messages make a prompt of " + p.bytes() + " bytes; the network takes at most "
                    + p.maxBytes() + ". Shorten the conversation.");
        }
        if (refusal instanceof MinersOutOfRange m) {
            return ApiError.badRequest("poq.k", "poq.k must be a whole number from " + m.min() + " to " + m.max() + ", not " + m.asked() + ".");
        }
        if (refusal instanceof ValidatorsOutOfRange v) {
            return ApiError.badRequest("poq.m", "poq.m must be a whole number from " + v.min() + " to " + v.max() + ", not " + v.asked() + ".");
        }
        if (refusal instanceof MaxTokensOutOfRange t) {
            return ApiError.badRequest("max_tokens", "max_tokens must be a whole number from 1 to "
                    + (t.max() > 0 ? String.valueOf(t.max()) : "the network's limit") + ", not " + t.asked() + ".");
        }
        if (refusal instanceof FeeNotPositive) {
            return ApiError.badRequest("poq.fee", "poq.fee must be more than 0 POQ.");
        }
        if (refusal instanceof FeeBelowProtocolMinimum f) {
            return ApiError.badRequest("poq.fee", "poq.fee is " + f.fee().toPlainString() + " POQ, below the protocol minimum of "
                    + f.minimum().toPlainString() + " POQ for " + f.k() + " miners and " + f.m() + " validators ("
                    + f.perParticipant().toPlainString() + " POQ each). Raise poq.fee or ask with fewer nodes (poq.k, poq.m).");
        }
        if (refusal instanceof InsufficientBalance b) {
            return new ApiError(402, "insufficient_quota", "insufficient_balance", "poq.fee",
                    "The paying account " + b.account() + " holds " + b.balance().toPlainString() + " POQ and this request escrows "
                            + b.fee().toPlainString() + " POQ. Send POQ to it"
                            + (localDevnet ? " (on the local devnet: poq devnet fund " + b.account() + ")" : "")
                            + " or ask with a lower poq.fee.", null);
        }
        if (refusal instanceof Refusal.BeyondContext c) {
            return ApiError.badRequest("messages", "The prompt (" + c.prompt().describe() + ") and max_tokens (" + c.maxTokens()
                    + ") need more than the " + c.contextTokens() + " tokens of context the miners of '" + c.family()
                    + "' take. Shorten the conversation or lower max_tokens; nothing was paid.");
        }
        if (refusal instanceof TooFewMiners m) {
            return tooFewMiners(m, devnetHint, served);
        }
        TooFewValidators v = (TooFewValidators) refusal;
        if (v.eligible() == 0) {
            return new ApiError(503, "server_error", "no_eligible_validators", "poq.evaluator",
                    "No validator runs the evaluator " + v.evaluator().hex() + " on this network, so no answer can be scored"
                            + devnetHint + ".", null);
        }
        return ApiError.badRequest("poq.m", "Only " + v.eligible() + " validator(s) run this evaluator; ask with poq.m at most "
                + v.eligible() + ".");
    }

    private static ApiError tooFewMiners(TooFewMiners m, String devnetHint, Supplier<Map<String, Integer>> servedFamilies) {
        if (m.eligible() > 0) {
            return ApiError.badRequest("poq.k", "Only " + m.eligible() + " miner(s) serve '" + m.family()
                    + "'; ask with poq.k (and n) at most " + m.eligible() + ".");
        }
        Map<String, Integer> served = servedFamilies.get();
        if (!served.containsKey(m.family())) {
            return new ApiError(404, "invalid_request_error", "model_not_found", "model",
                    "The model family '" + m.family() + "' is not served on this network: no miner has registered for it. "
                            + (served.isEmpty() ? "No family is served yet" + devnetHint : "Served: " + String.join(", ", served.keySet()))
                            + " (GET /v1/models lists them).", null);
        }
        return new ApiError(503, "server_error", "no_eligible_miners", "model",
                "No miner serving '" + m.family() + "' can be drawn now (its miners are unbonding or are your own account). "
                        + "Ask another family (GET /v1/models) or try later.", null);
    }
}
