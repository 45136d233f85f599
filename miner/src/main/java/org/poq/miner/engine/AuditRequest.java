package org.poq.miner.engine;

import org.poq.miner.chat.PromptPart;
import java.util.List;
import java.util.Objects;
import org.poq.miner.engine.sampling.SamplingSettings;

/**
 * An answer to replay: the prompt exactly as the miner rendered it, the revealed text, the token ids
 * the miner drew (empty: tokenize the text, which is only right when the miner's draw happened to be
 * the tokenizer's own split), and the sampling the task fixed. With token ids and no text, only the
 * tokens are judged (a hand audit of a token list); on the network the text is always compared.
 *
 * @param stopStrings the stop strings the miner's engine cut the text at, to compare text and tokens
 * @param maxBytes    the byte limit the text was cut at
 */
public record AuditRequest(List<PromptPart> prompt, String answerText, int[] answerTokens, SamplingSettings sampling,
                           List<String> stopStrings, int maxBytes) {
    public AuditRequest {
        prompt = List.copyOf(Objects.requireNonNull(prompt, "prompt"));
        answerText = answerText == null ? "" : answerText;
        answerTokens = answerTokens == null ? new int[0] : answerTokens.clone();
        Objects.requireNonNull(sampling, "sampling");
        stopStrings = List.copyOf(stopStrings);
        if (answerText.isEmpty() && answerTokens.length == 0) {
            throw new IllegalArgumentException("the answer is empty: there is nothing to replay");
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the answer byte limit must be at least 1, not " + maxBytes);
        }
    }

    /** An answer given as text only, no stop strings, no byte limit. */
    public static AuditRequest ofText(List<PromptPart> prompt, String answer, SamplingSettings sampling) {
        return new AuditRequest(prompt, answer, new int[0], sampling, List.of(), Integer.MAX_VALUE);
    }

    /** An answer given as token ids only: the replay judges the tokens, whatever text they spell. */
    public static AuditRequest ofTokens(List<PromptPart> prompt, int[] tokens, SamplingSettings sampling) {
        return new AuditRequest(prompt, "", tokens, sampling, List.of(), Integer.MAX_VALUE);
    }

    /** An answer as the engine generated it: its text and the tokens it drew, under the request's settings. */
    public static AuditRequest of(GenerationRequest generated, GenerationResult result) {
        return new AuditRequest(generated.parts(), result.text(), result.tokens(), generated.sampling(),
                generated.stopStrings(), generated.maxBytes());
    }

    public AuditRequest withAnswer(String text, int[] tokens) {
        return new AuditRequest(prompt, text, tokens, sampling, stopStrings, maxBytes);
    }

    public AuditRequest withSampling(SamplingSettings s) {
        return new AuditRequest(prompt, answerText, answerTokens, s, stopStrings, maxBytes);
    }
}
