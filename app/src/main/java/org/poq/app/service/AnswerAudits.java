package org.poq.app.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.poq.miner.chat.ChatFamily;
import org.poq.miner.engine.AuditRequest;
import org.poq.miner.engine.AuditResult;
import org.poq.miner.engine.EngineConfig;
import org.poq.miner.engine.InferenceEngine;
import org.poq.miner.engine.LoadedModel;
import org.poq.miner.engine.ModelSpec;
import org.poq.miner.chat.PromptPart;
import org.poq.miner.engine.sampling.SamplingSettings;
import org.poq.miner.service.MinerService;

/**
 * Audits an answer by replay on a model file, as an auditor node does: the question rendered exactly
 * as a miner renders it (the miners' system prompt, the model's chat format), the answer's tokens
 * replayed under the task's seed and settings. The CLI's `poq audit` and the window call this.
 */
public final class AnswerAudits {
    /** What to replay; tokens may be empty (the text's own tokenization is replayed then). */
    public record Input(Path model, String question, String answer, int[] tokens, SamplingSettings sampling,
                        boolean rawPrompt, int threads, int context) {
    }

    /** The verdict, and the model and prompt it was reached on. */
    public record Outcome(AuditResult result, String modelName, String chatFormat) {
    }

    private AnswerAudits() {
    }

    /** Parses a token list as the CLI takes it: ids separated by commas or spaces, brackets allowed. */
    public static int[] parseTokens(String text) {
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isBlank()) {
            throw new IllegalArgumentException("the token list is empty: give token ids like 12,845,9");
        }
        String[] parts = s.split("[,\\s]+");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                out[i] = -1;
            }
            if (out[i] < 0) {
                throw new IllegalArgumentException("'" + parts[i] + "' in the token list is not a token id (a whole "
                        + "number from 0); give ids like 12,845,9");
            }
        }
        return out;
    }

    public static Outcome run(Input in) {
        if (!Files.isRegularFile(in.model())) {
            throw new IllegalArgumentException("no such model file: " + in.model());
        }
        if (in.question() == null || in.question().isEmpty()) {
            throw new IllegalArgumentException("the prompt is empty: give the task's question with --prompt");
        }
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.defaults())) {
            LoadedModel model = engine.load(ModelSpec.of(in.model()).withContextSize(in.context()).withThreads(in.threads()));
            List<PromptPart> prompt;
            if (in.rawPrompt()) {
                prompt = List.of(PromptPart.template(in.question()));
            } else {
                if (model.chatFamily() == ChatFamily.UNKNOWN) {
                    throw new IllegalArgumentException("the model " + in.model().getFileName() + " has a chat template "
                            + "PoQ cannot apply, so the miner's prompt cannot be rebuilt; give the whole rendered prompt "
                            + "with --raw-prompt");
                }
                prompt = MinerService.renderPrompt(model.prompt(), MinerService.SYSTEM_PROMPT, in.question());
            }
            AuditRequest request = new AuditRequest(prompt, in.answer(), in.tokens(), in.sampling(),
                    in.rawPrompt() ? List.of() : model.chatFamily().stopStrings(), Integer.MAX_VALUE);
            AuditResult result = engine.audit(request).await();
            return new Outcome(result, model.metadata().name() == null ? in.model().getFileName().toString()
                    : model.metadata().name(), in.rawPrompt() ? "raw" : model.chatFamily().name());
        }
    }
}
