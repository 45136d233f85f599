package org.poq.app.service;

import org.poq.app.service.Refusal.FeeBelowProtocolMinimum;
import org.poq.app.service.Refusal.FeeNotPositive;
import org.poq.app.service.Refusal.InsufficientBalance;
import org.poq.app.service.Refusal.MaxTokensOutOfRange;
import org.poq.app.service.Refusal.MinersOutOfRange;
import org.poq.app.service.Refusal.PromptTooLong;
import org.poq.app.service.Refusal.TooFewMiners;
import org.poq.app.service.Refusal.TooFewValidators;
import org.poq.app.service.Refusal.ValidatorsOutOfRange;
import org.poq.core.AmountFormat;

/** The one wording of each {@link Refusal} for the window and the command line: plain words, the valid range stated. */
public final class RefusalWords {
    private static final String DEMO_NODES = " On the local devnet, the Network screen starts demo nodes.";

    private RefusalWords() {
    }

    /** The refusal in words; on the local devnet a shortage of nodes says where to start demo nodes. */
    public static String of(Refusal refusal, boolean localDevnet) {
        String hint = localDevnet ? DEMO_NODES : "";
        if (refusal instanceof PromptTooLong p) {
            return "The prompt is too long: " + p.bytes() + " bytes, the network takes at most " + p.maxBytes() + ".";
        }
        if (refusal instanceof MinersOutOfRange m) {
            return "Ask between " + m.min() + " and " + m.max() + " miners.";
        }
        if (refusal instanceof ValidatorsOutOfRange v) {
            return "Ask between " + v.min() + " and " + v.max() + " validators: fewer cannot outvote a liar.";
        }
        if (refusal instanceof MaxTokensOutOfRange t) {
            return t.max() > 0 ? "Max tokens must be between 1 and " + t.max() + "."
                    : "Max tokens must be at least 1 (and at most the network's limit).";
        }
        if (refusal instanceof FeeNotPositive) {
            return "The fee must be more than zero.";
        }
        if (refusal instanceof FeeBelowProtocolMinimum f) {
            // the fee as typed, every digit; the minimum rounded up, so paying the shown figure is enough
            return "The fee of " + AmountFormat.exact(f.fee(), AmountFormat.POQ) + " is below the protocol minimum of "
                    + AmountFormat.atMost(f.minimum(), AmountFormat.POQ) + " for " + f.k() + " miners and " + f.m() + " validators ("
                    + AmountFormat.atMost(f.perParticipant(), AmountFormat.POQ) + " each). Raise the fee or ask fewer nodes.";
        }
        if (refusal instanceof InsufficientBalance b) {
            return "Insufficient POQ: the fee is " + AmountFormat.exact(b.fee(), AmountFormat.POQ) + " and the balance is "
                    + AmountFormat.of(b.balance(), AmountFormat.POQ) + ".";
        }
        if (refusal instanceof Refusal.BeyondContext c) {
            return "The prompt (" + c.prompt().describe() + ") and max tokens (" + c.maxTokens() + ") need more than the "
                    + c.contextTokens() + " tokens of context the miners of " + c.family() + " take. Shorten the prompt or lower max tokens.";
        }
        if (refusal instanceof TooFewMiners m) {
            return "Only " + m.eligible() + " miner(s) serve " + m.family() + "; ask for at most " + m.eligible() + "." + hint;
        }
        TooFewValidators v = (TooFewValidators) refusal;
        return "Only " + v.eligible() + " validator(s) run this evaluator; ask for at most " + v.eligible() + "." + hint;
    }
}
