package org.poq.app.service;

import java.nio.charset.StandardCharsets;

/**
 * A token count (the endpoint's {@code usage}, the context check before paying), and whether it is
 * estimated. The requester does not hold the miners' model, so it has no tokenizer of its own: it estimates (a byte-pair tokenizer of an instruct model
 * makes about one token per four bytes of English, and never fewer tokens than words), and says so in
 * {@code usage.estimated}. A counter backed by the model's tokenizer can replace {@link #of} when the
 * node has the model.
 */
public record TokenCount(int tokens, boolean estimated) {
    private static final int BYTES_PER_TOKEN = 4;

    public static TokenCount of(String text) {
        if (text == null || text.isEmpty()) {
            return new TokenCount(0, true);
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        int words = text.strip().isEmpty() ? 0 : text.strip().split("\\s+").length;
        return new TokenCount(Math.max(words, (bytes + BYTES_PER_TOKEN - 1) / BYTES_PER_TOKEN), true);
    }

    public String describe() {
        return (estimated ? "about " : "") + tokens + " tokens";
    }
}
