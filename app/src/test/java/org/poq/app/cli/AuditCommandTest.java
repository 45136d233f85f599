package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.miner.engine.EngineConfig;
import org.poq.miner.engine.GenerationRequest;
import org.poq.miner.engine.GenerationResult;
import org.poq.miner.engine.InferenceEngine;
import org.poq.miner.engine.LoadedModel;
import org.poq.miner.engine.ModelSpec;
import org.poq.miner.chat.PromptPart;
import org.poq.miner.engine.TokenListener;
import org.poq.miner.engine.sampling.SamplingSeed;
import org.poq.miner.engine.sampling.SamplingSettings;
import org.poq.miner.service.MinerService;
import org.poq.miner.testmodels.AuditModels;

/** `poq audit` on a real model file: an honest miner's answer passes, a written one fails, bad input is said plainly. */
class AuditCommandTest {
    private static final String QUESTION = "What is the capital of France?";
    private static final SamplingSeed SEED = SamplingSeed.forMiner(SamplingSeed.ofLong(9).bytes(),
            "0x1111111111111111111111111111111111111111");

    @TempDir
    static Path dir;
    static Path model;
    static GenerationResult honest;

    /** The answer a miner gives, rendered and sampled as MinerService does. */
    @BeforeAll
    static void mine() throws Exception {
        model = AuditModels.write(dir, new AuditModels.Variant(AuditModels.Arch.QWEN2, 1, AuditModels.Quant.F32, false));
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.defaults())) {
            LoadedModel m = engine.load(ModelSpec.of(model).withContextSize(512).withThreads(1));
            List<PromptPart> prompt = MinerService.renderPrompt(m.prompt(), MinerService.SYSTEM_PROMPT, QUESTION);
            honest = engine.generate(GenerationRequest.ofParts(prompt).withMaxTokens(24)
                    .withSampling(SamplingSettings.taskDefaults(SEED)).withStopStrings(m.chatFamily().stopStrings()),
                    TokenListener.NONE).await();
        }
    }

    private static String ids(int[] tokens) {
        return Arrays.stream(tokens).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    @Test
    void theMinersAnswerPassesWithItsTokens() {
        CliRun run = CliRun.of("audit", "--model", model.toString(), "--prompt", QUESTION, "--answer", honest.text().strip(),
                "--tokens", ids(honest.tokens()), "--seed", "0x" + SEED.hex(), "--threads", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("prompt format CHATML").contains("temperature 0.8, top-k 40, top-p 0.95")
                .contains("PASS: " + honest.tokens().length + " positions checked, 0 mismatches")
                .contains("at most 1 + 1 per 32 positions");
    }

    @Test
    void theSameAnswerUnderAnotherMinersSeedFails() {
        CliRun run = CliRun.of("audit", "--model", model.toString(), "--prompt", QUESTION, "--answer", honest.text().strip(),
                "--tokens", ids(honest.tokens()), "--seed", "12345", "--threads", "1");

        assertThat(run.exitCode()).isEqualTo(AuditCommand.FAILED);
        assertThat(run.out()).contains("FAIL: ").contains("would not have drawn this answer");
    }

    @Test
    void handWrittenTextFails() {
        CliRun run = CliRun.of("audit", "--model", model.toString(), "--prompt", QUESTION, "--answer",
                "The capital of France is Paris, a city on the river Seine.", "--seed", SEED.hex(), "--threads", "1");

        assertThat(run.exitCode()).isEqualTo(AuditCommand.FAILED);
        assertThat(run.out()).contains("FAIL: ").contains("the text's own tokenization was replayed");
    }

    private static void plain(CliRun run, String expected) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: ").contains(expected).doesNotContain("Exception").doesNotContain("null");
    }

    @Test
    void badInputIsSaidPlainly() {
        String m = model.toString();
        plain(CliRun.of("audit", "--model", m, "--prompt", QUESTION, "--seed", "1"),
                "give the answer to replay: --answer TEXT, --tokens IDS, or both");
        plain(CliRun.of("audit", "--model", m, "--prompt", QUESTION, "--answer", "x", "--seed", "0xzz"),
                "--seed: the seed '0xzz' is neither 64 hex digits nor a whole number");
        plain(CliRun.of("audit", "--model", m, "--prompt", QUESTION, "--tokens", "4,x", "--seed", "1"),
                "'x' in the token list is not a token id");
        plain(CliRun.of("audit", "--model", m, "--prompt", QUESTION, "--answer", "x", "--seed", "1", "--temperature", "0"),
                "a task's temperature must be from 0.05 to 2.0, not 0.0");
        plain(CliRun.of("audit", "--model", m, "--prompt", QUESTION, "--answer", "x", "--seed", "1", "--top-k", "5000"),
                "a task's top-k must be from 1 to 1000, not 5000");
        plain(CliRun.of("audit", "--model", dir.resolve("none.gguf").toString(), "--prompt", QUESTION, "--answer", "x",
                "--seed", "1"), "no such model file: ");
        plain(CliRun.of("audit", "--model", m, "--prompt", "", "--answer", "x", "--seed", "1"),
                "the prompt is empty: give the task's question with --prompt");
    }
}
