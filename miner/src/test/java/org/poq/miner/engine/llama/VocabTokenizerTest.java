package org.poq.miner.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.poq.miner.engine.EngineConfig;
import org.poq.miner.engine.GenerationRequest;
import org.poq.miner.engine.GenerationResult;
import org.poq.miner.engine.InferenceEngine;
import org.poq.miner.engine.LoadedModel;
import org.poq.miner.engine.ModelSpec;
import org.poq.miner.chat.PromptPart;
import org.poq.miner.engine.TokenListener;
import org.poq.miner.service.MinerService;
import org.poq.miner.testmodels.ModelFiles;

/**
 * The vocabulary-only tokenizer counts what a miner's generation counts: the same prompt, rendered
 * with the model's own chat template, takes as many tokens in the worker's loaded model as here.
 */
class VocabTokenizerTest {
    @Test
    void aPromptTakesAsManyTokensAsInTheMinersGenerationAndAnAnswerItsOwnTokens() {
        Path file = ModelFiles.tinyLlama3();
        String question = "What is the capital of France? Réponds en une phrase, s'il te plaît: 東京 or Paris?";
        try (VocabTokenizer t = VocabTokenizer.open(file);
             InferenceEngine engine = new InferenceEngine(EngineConfig.defaults())) {
            LoadedModel m = engine.load(ModelSpec.of(file).withContextSize(256).withThreads(2));
            List<PromptPart> parts = MinerService.renderPrompt(m.prompt(), null, question);
            GenerationResult r = engine.generate(GenerationRequest.ofParts(parts).withTemperature(0f).withMaxTokens(8), TokenListener.NONE)
                    .await();
            assertThat(t.promptTokens(MinerService.renderPrompt(t.format(), null, question))).isEqualTo(r.promptTokens());
            // plain text: a typed control token is text, and takes more than one token
            assertThat(t.answerTokens("<|eot_id|>")).isGreaterThan(1);
            assertThat(t.answerTokens("")).isZero();
        }
    }
}
