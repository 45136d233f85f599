package org.poq.evaluator;

import java.util.Optional;

/**
 * Where a scorer actually runs, and why it is not on the GPU when it was asked to try.
 *
 * @param provider       "CUDA" or "CPU"
 * @param fallbackReason why CUDA was not used, when it was tried; null otherwise
 */
public record ExecutionInfo(String provider, String fallbackReason) {
    public Optional<String> fallback() {
        return Optional.ofNullable(fallbackReason);
    }

    public String describe() {
        return fallbackReason == null ? provider : provider + " (CUDA unavailable: " + fallbackReason + ")";
    }
}
