package org.poq.app.serve;

import java.time.Duration;
import java.util.Optional;
import org.poq.app.service.AskDefaults;
import org.poq.app.service.RefusedException;
import org.poq.app.service.RequesterSession;
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
        if (fee == null) {
            throw new IllegalArgumentException("the default fee must be more than 0 POQ");
        }
        // the defaults are a request's bounds, checked where every request's are, and worded as the CLI words them
        RequesterSession.checkRound(k, m, maxTokens, fee).ifPresent(r -> {
            throw new RefusedException(r, false);
        });
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
