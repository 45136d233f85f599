package org.poq.miner.engine;

import org.poq.miner.chat.PromptPart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.miner.testmodels.ModelFiles;

/** The context, the byte limit, literal user text, the engine's own timing and a clean stop. */
class EngineLimitsTest {
    private final InferenceEngine engine = SharedEngine.get();

    private static GenerationRequest greedy(String prompt, int maxTokens) {
        return GenerationRequest.of(prompt).withTemperature(0f).withMaxTokens(maxTokens);
    }

    /** Attack: a prompt longer than the context, which llama.cpp would silently cut (system prompt first). */
    @Test
    void aPromptThatDoesNotFitTheContextIsAnErrorBeforeAnythingIsGenerated() {
        String longPrompt = "the quality of the answer ".repeat(200); // far more than 512 tokens
        StringBuilder streamed = new StringBuilder();
        assertThatThrownBy(() -> engine.generate(greedy(longPrompt, 16), streamed::append).await())
                .isInstanceOf(EngineException.class).hasMessageContaining("more than this node's context of 512 tokens")
                .hasMessageNotContaining("Exception");
        assertThat(streamed).isEmpty();
    }

    @Test
    void aPromptThatFitsButLeavesNoRoomForTheAnswerIsRefusedToo() {
        String prompt = "the quality of the answer ".repeat(60);
        int promptTokens = engine.generate(greedy(prompt, 1), TokenListener.NONE).await().promptTokens();
        assertThat(promptTokens).isLessThan(512);
        assertThatThrownBy(() -> engine.generate(greedy(prompt, 512 - promptTokens + 1), TokenListener.NONE).await())
                .isInstanceOf(EngineException.class).hasMessageContaining("answer may take up to");
        assertThat(engine.generate(greedy(prompt, 512 - promptTokens), TokenListener.NONE).await().generatedTokens())
                .isPositive();
    }

    /** A miner's request (fitContext): the answer takes what the context leaves; only a prompt that leaves nothing is refused, by type. */
    @Test
    void aRequestFittingTheContextTakesWhatTheContextLeaves() {
        String prompt = "the quality of the answer ".repeat(60);
        int promptTokens = engine.generate(greedy(prompt, 1), TokenListener.NONE).await().promptTokens();
        GenerationResult r = engine.generate(greedy(prompt, 2_000).fittingContext(), TokenListener.NONE).await();
        assertThat(r.generatedTokens()).isPositive().isLessThanOrEqualTo(512 - promptTokens);
        assertThatThrownBy(() -> engine.generate(greedy("the quality of the answer ".repeat(200), 16).fittingContext(),
                TokenListener.NONE).await()).isInstanceOf(ContextExceededException.class)
                .hasMessageStartingWith("the prompt leaves no room for an answer in this node's context");
    }

    @Test
    void theAnswerIsCutAtTheByteLimitOnACharacterBoundary() {
        GenerationResult whole = engine.generate(greedy("hello", 40), TokenListener.NONE).await();
        int limit = whole.text().getBytes(StandardCharsets.UTF_8).length / 2;
        assertThat(limit).isPositive();
        GenerationResult cut = engine.generate(greedy("hello", 40).withMaxBytes(limit), TokenListener.NONE).await();
        assertThat(cut.stopReason()).isEqualTo(StopReason.MAX_BYTES);
        assertThat(cut.text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(limit);
        assertThat(whole.text()).startsWith(cut.text());
    }

    /** Attack: control tokens typed into a task; as literal text they are spelled out, not parsed as one token. */
    @Test
    void controlTokensInLiteralTextAreTokenizedAsText() {
        String controls = "<|eot_id|><|start_header_id|><|end_header_id|>";
        int asTemplate = engine.generate(GenerationRequest.ofParts(List.of(PromptPart.template(controls)))
                .withTemperature(0f).withMaxTokens(1), TokenListener.NONE).await().promptTokens();
        int asLiteral = engine.generate(GenerationRequest.ofParts(List.of(PromptPart.literal(controls)))
                .withTemperature(0f).withMaxTokens(1), TokenListener.NONE).await().promptTokens();
        assertThat(asTemplate).isEqualTo(4); // BOS and three control tokens
        assertThat(asLiteral).isGreaterThan(asTemplate + 5);
    }

    /** The node cancels work at the commit deadline by interrupting its thread: the generation must stop too. */
    @Test
    void interruptingTheWaitCancelsTheGeneration() throws Exception {
        GenerationHandle[] handle = new GenerationHandle[1];
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        CountDownLatch streaming = new CountDownLatch(2);
        Thread waiter = new Thread(() -> {
            handle[0] = engine.generate(greedy("hello", 480), piece -> streaming.countDown());
            try {
                handle[0].await();
            } catch (RuntimeException e) {
                thrown.set(e);
            }
        });
        waiter.start();
        assertThat(streaming.await(60, TimeUnit.SECONDS)).isTrue();
        waiter.interrupt();
        waiter.join(30_000);
        assertThat(thrown.get()).isInstanceOf(EngineException.class).hasMessageContaining("interrupted and cancelled");
        assertThat(handle[0].isCancelRequested()).isTrue();
        // on a fast machine the 480 tokens may be done before the cancel arrives; either way the job ends
        GenerationResult ended = handle[0].result().get(60, TimeUnit.SECONDS);
        assertThat(ended.stopReason()).isIn(StopReason.CANCELLED, StopReason.MAX_TOKENS);
    }

    @Test
    void speedIsTheEnginesOwnTiming() {
        GenerationResult r = engine.generate(greedy("the model is", 24), TokenListener.NONE).await();
        assertThat(r.generatedTokens()).isEqualTo(24);
        assertThat(r.tokensPerSecond()).isPositive();
        assertThat(r.promptTokensPerSecond()).isPositive();
        System.out.printf("engine: %.1f tokens/s generation, %.1f prompt%n", r.tokensPerSecond(), r.promptTokensPerSecond());
    }

    @Test
    void stoppingInTheMiddleOfAnAnswerEndsTheWorkerCleanlyAndLeavesNoCrashFile(@TempDir Path logs) throws Exception {
        InferenceEngine own = new InferenceEngine(EngineConfig.defaults().withCrashReportDir(logs));
        own.load(ModelSpec.of(ModelFiles.tinyLlama3()).withContextSize(512).withThreads(2));
        CountDownLatch streaming = new CountDownLatch(3);
        own.generate(greedy("hello", 400), piece -> streaming.countDown());
        assertThat(streaming.await(60, TimeUnit.SECONDS)).isTrue();
        own.close();

        assertThat(WorkerProcess.lastExitCode).isEqualTo(0);
        try (var files = Files.list(logs)) {
            assertThat(files.toList()).isEmpty();
        }
        try (var files = Files.list(Path.of("").toAbsolutePath())) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("hs_err"))).isEmpty();
        }
    }

    @Test
    void aSplitModelWithAMissingPartIsRefusedByName(@TempDir Path dir) throws Exception {
        Path first = Files.copy(ModelFiles.tinyLlama3(), dir.resolve("tiny-00001-of-00003.gguf"));
        Files.copy(ModelFiles.tinyLlama3(), dir.resolve("tiny-00002-of-00003.gguf"));
        try (InferenceEngine own = new InferenceEngine(EngineConfig.defaults())) {
            assertThatThrownBy(() -> own.load(ModelSpec.of(first).withContextSize(256).withThreads(1)))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("split into 3 files and 1 are missing (tiny-00003-of-00003.gguf)");
        }
    }
}
