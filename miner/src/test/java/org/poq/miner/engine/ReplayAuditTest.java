package org.poq.miner.engine;

import org.poq.miner.chat.PromptPart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.poq.miner.engine.sampling.SamplingSeed;
import org.poq.miner.engine.sampling.SamplingSettings;
import org.poq.miner.testmodels.AuditModels.Arch;
import org.poq.miner.testmodels.AuditModels.Quant;

/**
 * The audit by replay on real llama.cpp workers and small Llama-shaped models: an honest answer passes,
 * and each way of answering without sampling the claimed model under the task's seed fails. The full
 * rates (1,000 audits, Qwen too, across thread counts) are the benchmark's (AuditBenchmarkTest).
 */
class ReplayAuditTest {
    private static final String MINER = "0x1111111111111111111111111111111111111111";
    private static final String OTHER_MINER = "0x2222222222222222222222222222222222222222";
    // the seeds of this miner's eight tasks include one whose honest Q8_0 answer drifts in a batch
    private static final String QUANTISED_MINER = "0x00000000000000000000000000000000000000aa";
    private static InferenceEngine claimed;
    private static InferenceEngine otherWeights;
    private static InferenceEngine otherQuant;
    private static LoadedModel model;
    private static LoadedModel quantised;

    @BeforeAll
    static void start() {
        EngineConfig config = EngineConfig.defaults().withDebugFaults(true).withHangTimeout(Duration.ofSeconds(8));
        claimed = new InferenceEngine(config);
        otherWeights = new InferenceEngine(config);
        otherQuant = new InferenceEngine(config);
        model = claimed.load(spec(AuditModelFiles.of(Arch.LLAMA, 1, Quant.F32, false)));
        otherWeights.load(spec(AuditModelFiles.of(Arch.LLAMA, 2, Quant.F32, false)));
        quantised = otherQuant.load(spec(AuditModelFiles.of(Arch.LLAMA, 1, Quant.Q8_0, false)));
    }

    @AfterAll
    static void stop() {
        claimed.close();
        otherWeights.close();
        otherQuant.close();
    }

    private static ModelSpec spec(java.nio.file.Path file) {
        return ModelSpec.of(file).withContextSize(512).withThreads(1);
    }

    /**
     * Honest answers of a quantised model pass though llama.cpp computes Q8_0 weights with other kernels
     * for one batch than for one token: replayed in one batch, one of these eight answers mismatched at
     * 4 positions beyond the drift margin and failed; the exact replay (prompt in batches, answer token by
     * token, as the miner generated it) that a batch pass with mismatches falls back to matches everywhere.
     */
    @Test
    void honestAnswersOfAQuantisedModelPassThoughABatchComputesThemWithOtherKernels() {
        for (int i = 0; i < 8; i++) {
            GenerationRequest t = AuditCheats.request(quantised, AuditCheats.PROMPTS.get(i % AuditCheats.PROMPTS.size()),
                    AuditCheats.settings(AuditCheats.seed(i + 100, QUANTISED_MINER)), 48);
            GenerationResult r = AuditCheats.generate(otherQuant, t);
            AuditResult a = otherQuant.audit(AuditRequest.of(t, r)).await();
            assertThat(a.verdict()).as("honest Q8_0 answer %d (%d tokens): %s", i, a.positions(), a).isEqualTo(AuditResult.Verdict.PASS);
            assertThat(a.mismatchAt()).as("the exact replay draws every token the miner drew").isEmpty();
        }
    }

    /** The task: a question, and the seed keccak(taskRandomness, miner) fixes for MINER. */
    private static GenerationRequest task(long randomness) {
        return AuditCheats.request(model, "What is the capital of France?",
                AuditCheats.settings(AuditCheats.seed(randomness, MINER)), 40);
    }

    /** An honest answer of at least 16 tokens (a random model sometimes ends early: the next task then). */
    private static GenerationRequest honestTask() {
        for (long r = 1; ; r++) {
            GenerationRequest t = task(r);
            if (AuditCheats.generate(claimed, t).tokens().length >= 16) {
                return t;
            }
        }
    }

    private static AuditResult audit(AuditRequest request) {
        return claimed.audit(request).await();
    }

    @Test
    void anHonestAnswerPassesWithItsTextAndTokens() {
        GenerationRequest t = honestTask();
        GenerationResult honest = AuditCheats.generate(claimed, t);

        AuditResult r = audit(AuditRequest.of(t, honest));

        assertThat(r.verdict()).as(r.describe()).isEqualTo(AuditResult.Verdict.PASS);
        assertThat(r.positions()).isEqualTo(honest.tokens().length);
        assertThat(r.mismatches()).isZero();
        assertThat(r.describe()).startsWith("PASS: " + r.positions() + " positions checked, 0 mismatches.");
    }

    @Test
    void handWrittenTextFails() {
        AuditResult r = audit(AuditRequest.ofText(task(1).parts(), AuditCheats.HAND_WRITTEN, task(1).sampling()));

        assertThat(r.verdict()).as(r.describe()).isEqualTo(AuditResult.Verdict.FAIL);
        assertThat(r.positions()).isGreaterThanOrEqualTo(16);
        assertThat(r.mismatches()).isGreaterThan(r.positions() / 2);
        assertThat(r.describe()).contains("would not have drawn this answer").contains("tokenization was replayed");
    }

    @Test
    void anotherWeightSetUnderTheFamilysNameFails() {
        GenerationRequest t = honestTask();
        GenerationResult substituted = AuditCheats.generate(otherWeights, t);

        assertFails(AuditRequest.of(t, substituted));
    }

    @Test
    void anotherQuantisationOfTheSameWeightsFails() {
        GenerationRequest t = honestTask();
        GenerationResult cheaper = AuditCheats.generate(otherQuant, t);

        assertFails(AuditRequest.of(t, cheaper));
    }

    @Test
    void anotherSeedChosenByTheMinerFails() {
        GenerationRequest t = honestTask();
        GenerationResult grinded = AuditCheats.generate(claimed, t.withSampling(AuditCheats.settings(SamplingSeed.ofLong(7))));

        assertFails(AuditRequest.of(t, grinded).withSampling(t.sampling()));
    }

    @Test
    void theHonestAnswerWithFivePercentOfItsTokensEditedFails() {
        GenerationRequest t = honestTask();
        GenerationResult honest = AuditCheats.generate(claimed, t);
        int[] edited = AuditCheats.edited(honest.tokens(), 3, 128);

        AuditResult r = assertFails(AuditRequest.ofTokens(t.parts(), edited, t.sampling()));
        assertThat(r.mismatches()).isGreaterThanOrEqualTo((int) Math.ceil(edited.length * 0.05));
    }

    @Test
    void aCopyOfAnotherMinersAnswerFails() {
        GenerationRequest mine = honestTask();
        long randomness = randomnessOf(mine);
        GenerationRequest theirs = AuditCheats.request(model, "What is the capital of France?",
                AuditCheats.settings(AuditCheats.seed(randomness, OTHER_MINER)), 40);
        GenerationResult copied = AuditCheats.generate(claimed, theirs);

        assertFails(AuditRequest.of(theirs, copied).withSampling(mine.sampling()));
        // and the other miner's own answer passes under its own seed
        assertThat(audit(AuditRequest.of(theirs, copied)).verdict()).isEqualTo(AuditResult.Verdict.PASS);
    }

    @Test
    void revealedTextThatIsNotWhatTheTokensSpellFails() {
        GenerationRequest t = honestTask();
        GenerationResult honest = AuditCheats.generate(claimed, t);

        AuditResult r = audit(AuditRequest.of(t, honest).withAnswer("Paris.", honest.tokens()));

        assertThat(r.mismatches()).isZero();
        assertThat(r.verdict()).isEqualTo(AuditResult.Verdict.FAIL);
        assertThat(r.describe()).contains("the revealed text is not what its tokens spell");
    }

    @Test
    void badAnswersGetPlainErrors() {
        SamplingSettings s = task(1).sampling();
        List<PromptPart> prompt = task(1).parts();
        assertThatThrownBy(() -> audit(AuditRequest.ofTokens(prompt, new int[] {5, 999_999}, s)))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("token 999999 is not in this model's vocabulary (0 to");
        assertThatThrownBy(() -> AuditRequest.ofText(prompt, "", s)).hasMessage("the answer is empty: there is nothing to replay");
        assertThatThrownBy(() -> audit(AuditRequest.ofText(prompt, "the ".repeat(600), s)))
                .isInstanceOf(EngineException.class).hasMessageContaining("do not fit this engine's context of 512 tokens");
    }

    @Test
    void aHungAuditIsKilledLikeAHungGenerationAndTheEngineAuditsAgain() {
        GenerationRequest t = honestTask();
        GenerationResult honest = AuditCheats.generate(claimed, t);

        assertThatThrownBy(() -> claimed.audit(AuditRequest.of(t, honest), "hang").await())
                .isInstanceOf(WorkerHungException.class).hasMessageContaining("killed");

        assertThat(audit(AuditRequest.of(t, honest)).verdict()).isEqualTo(AuditResult.Verdict.PASS);
    }

    private static long randomnessOf(GenerationRequest t) {
        for (long r = 1; ; r++) {
            if (task(r).samplingSeed().equals(t.samplingSeed())) {
                return r;
            }
        }
    }

    private static AuditResult assertFails(AuditRequest request) {
        AuditResult r = audit(request);
        assertThat(r.positions()).isGreaterThanOrEqualTo(16);
        assertThat(r.verdict()).as(r.describe()).isEqualTo(AuditResult.Verdict.FAIL);
        assertThat(r.far() > 0 || r.mismatches() > r.allowed()).as("failed on the replay, not on the text").isTrue();
        assertThat(r.textMatches()).isTrue();
        return r;
    }
}
