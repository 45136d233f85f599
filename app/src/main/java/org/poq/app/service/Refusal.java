package org.poq.app.service;

import org.poq.core.Sha256;
import org.poq.core.TokenAmount;

/**
 * Why a task request cannot be sent, as {@link RequesterSession#check} finds it: one vocabulary for
 * every face. The window and the CLI word it through {@link RefusalWords}; the endpoint maps it to an
 * HTTP status and an OpenAI error (app.serve.RefusalErrors). A face adds no check of its own.
 */
public sealed interface Refusal {
    /** The prompt is longer than the market takes. */
    record PromptTooLong(int bytes, int maxBytes) implements Refusal {
    }

    /** k outside the market's bounds. */
    record MinersOutOfRange(int asked, int min, int max) implements Refusal {
    }

    /** m outside the bounds (fewer than three validators cannot outvote a liar). */
    record ValidatorsOutOfRange(int asked, int min, int max) implements Refusal {
    }

    /** Max tokens below 1 or above the network's limit; {@code max} is 0 where the limit is not known yet. */
    record MaxTokensOutOfRange(int asked, int max) implements Refusal {
    }

    record FeeNotPositive() implements Refusal {
    }

    /** The market refuses a fee below {@code perParticipant} times (k + m); the submit would revert. */
    record FeeBelowProtocolMinimum(TokenAmount fee, TokenAmount minimum, int k, int m, TokenAmount perParticipant)
            implements Refusal {
    }

    record InsufficientBalance(String account, TokenAmount fee, TokenAmount balance) implements Refusal {
    }

    /** Fewer miners of the family can be drawn than asked; {@code eligible} 0 means none at all. */
    record TooFewMiners(String family, int eligible, int asked) implements Refusal {
    }

    /** Fewer validators run the evaluator than asked; {@code eligible} 0 means none at all. */
    record TooFewValidators(Sha256 evaluator, int eligible, int asked) implements Refusal {
    }

    /** The prompt's tokens and max tokens need more context than the family's miners take. */
    record BeyondContext(String family, TokenCount prompt, int maxTokens, int contextTokens) implements Refusal {
    }
}
