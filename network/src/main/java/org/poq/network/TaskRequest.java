package org.poq.network;

import java.nio.charset.StandardCharsets;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;

/** What a requester submits: the prompt, who may answer and score it, and the fee. */
public record TaskRequest(String prompt, String modelFamily, Sha256 evaluatorId, int k, int m, int maxTokens,
                          TokenAmount fee) {
    public TaskRequest {
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("the prompt is empty");
        }
        if (modelFamily == null || modelFamily.isBlank()) {
            throw new IllegalArgumentException("no model family chosen");
        }
        if (evaluatorId == null || fee == null) {
            throw new IllegalArgumentException("evaluator and fee are required");
        }
    }

    public int promptBytes() {
        return prompt.getBytes(StandardCharsets.UTF_8).length;
    }
}
