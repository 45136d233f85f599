package org.poq.app.serve;

import java.time.Duration;
import java.util.Optional;
import org.poq.app.service.RequesterSession;
import org.poq.app.service.AskDefaults;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;

/**
 * How the endpoint serves: the port on 127.0.0.1, the browser origin allowed by CORS (none unless the
 * user names one), and the round defaults a request's optional {@code poq} object may override.
 */
public record ServeConfig(int port, Optional<String> corsOrigin, int k, int m, TokenAmount fee, int maxTokens,
                          Sha256 evaluator, Duration roundTimeout) {
    /** Not LM Studio's 1234, Ollama's 11434, llama.cpp's 8080, Jan's 1337 or vLLM's 8000. */
    public static final int DEFAULT_PORT = 7434;

    public ServeConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("the port must be in 1..65535 (0 picks a free one)");
        }
        if (k < 1 || k > RequesterSession.MAX_MINERS) {
            throw new IllegalArgumentException("k (miners per task) must be in 1.." + RequesterSession.MAX_MINERS);
        }
        if (m < RequesterSession.MIN_VALIDATORS || m > RequesterSession.MAX_VALIDATORS) {
            throw new IllegalArgumentException("m (validators per task) must be in " + RequesterSession.MIN_VALIDATORS + ".."
                    + RequesterSession.MAX_VALIDATORS);
        }
        if (fee == null || fee.isZero()) {
            throw new IllegalArgumentException("the default fee must be more than 0 POQ");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max tokens must be at least 1");
        }
        if (roundTimeout == null || roundTimeout.isNegative() || roundTimeout.isZero()) {
            throw new IllegalArgumentException("the round timeout must be positive");
        }
        corsOrigin = corsOrigin == null ? Optional.empty() : corsOrigin.filter(s -> !s.isBlank());
    }

    public static ServeConfig defaults(Sha256 evaluator) {
        return new ServeConfig(DEFAULT_PORT, Optional.empty(), AskDefaults.MINERS, AskDefaults.VALIDATORS,
                TokenAmount.ofTokens(AskDefaults.FEE_POQ), AskDefaults.MAX_TOKENS, evaluator,
                Duration.ofMinutes(15));
    }

    public ServeConfig withPort(int p) {
        return new ServeConfig(p, corsOrigin, k, m, fee, maxTokens, evaluator, roundTimeout);
    }
}
