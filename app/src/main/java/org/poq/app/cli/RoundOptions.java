package org.poq.app.cli;

import org.poq.app.service.AskDefaults;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.evaluator.DefaultEvaluator;
import picocli.CommandLine.Option;

/**
 * The options of a round that every command asking the network shares (`poq ask`, `poq serve`): how
 * many miners and validators, the fee, the longest answer and the evaluator. One declaration, one
 * parse of the fee and the evaluator, the same words on a bad value; the range checks themselves are
 * the application layer's (`RequesterSession.check`).
 */
final class RoundOptions {
    @Option(names = "-k", defaultValue = "" + AskDefaults.MINERS, description = "Miners per task (1..8, default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "-m", defaultValue = "" + AskDefaults.VALIDATORS,
            description = "Validators per task (3..15, odd, default ${DEFAULT-VALUE}).")
    int m;

    @Option(names = "--fee", defaultValue = "" + AskDefaults.FEE_POQ, description = "Fee in POQ per task (default ${DEFAULT-VALUE}).")
    String fee;

    @Option(names = "--max-tokens", defaultValue = "" + AskDefaults.MAX_TOKENS,
            description = "Longest answer in tokens, 1 up to the network's limit (default ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--evaluator", description = "Evaluator id (64 hex digits); default: the bundled evaluator.")
    String evaluator;

    TokenAmount fee() {
        try {
            return TokenAmount.parse(fee);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--fee: " + e.getMessage() + " (a POQ amount above zero, such as 10 or 12.5)", e);
        }
    }

    Sha256 evaluatorId() {
        return evaluator != null ? Sha256.parse(evaluator) : DefaultEvaluator.id();
    }
}
