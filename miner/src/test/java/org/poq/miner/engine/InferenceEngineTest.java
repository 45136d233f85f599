package org.poq.miner.engine;

import org.poq.miner.chat.PromptPart;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.poq.miner.chat.ChatFamily;
import org.poq.miner.chat.ChatMessage;

class InferenceEngineTest {
    private final InferenceEngine engine = SharedEngine.get();

    private static GenerationRequest greedy(String prompt, int maxTokens) {
        return GenerationRequest.of(prompt).withTemperature(0f).withMaxTokens(maxTokens);
    }

    @Test
    void streamsTokensThatAddUpToTheResult() {
        List<String> pieces = Collections.synchronizedList(new ArrayList<>());
        GenerationResult r = engine.generate(greedy("hello world, the answer is", 12), pieces::add).await();

        assertThat(pieces).isNotEmpty();
        assertThat(String.join("", pieces)).isEqualTo(r.text());
        assertThat(r.generatedTokens()).isGreaterThanOrEqualTo(pieces.size()).isBetween(1, 12);
        assertThat(r.promptTokens()).isGreaterThan(3);
        assertThat(r.timeToFirstToken()).isPositive();
    }

    @Test
    void reportsTheModelItLoadedOnTheCpu() {
        LoadedModel m = SharedEngine.model();
        assertThat(m.backend().kind()).isEqualTo(Backend.Kind.CPU);
        assertThat(m.chatFamily()).isEqualTo(ChatFamily.LLAMA3);
        // --chat-format auto: the file's own Jinja template, its BOS left to llama.cpp's tokenizer
        assertThat(m.prompt().description()).isEqualTo("the file's own template (Jinja)");
        assertThat(m.metadata().bosToken()).isNotEmpty();
        List<PromptPart> parts = m.prompt().renderParts(List.of(ChatMessage.user(" 2+2? ")));
        assertThat(parts).containsExactly(PromptPart.template("<|start_header_id|>user<|end_header_id|>\n\n"),
                PromptPart.literal("2+2?"), PromptPart.template("<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"));
        assertThat(m.metadata().tokenizerModel()).isEqualTo("gpt2");
        assertThat(engine.workerPid()).contains(m.workerPid()).isNotEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void theSameSeedGivesTheSameTextAndAnotherSeedAnother() {
        GenerationRequest sampled = GenerationRequest.of("the model is").withTemperature(1.0f).withTopP(1f)
                .withMaxTokens(16);
        String a = engine.generate(sampled.withSeed(7), TokenListener.NONE).await().text();
        String b = engine.generate(sampled.withSeed(7), TokenListener.NONE).await().text();
        String c = engine.generate(sampled.withSeed(8), TokenListener.NONE).await().text();
        assertThat(a).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void stopsAtMaxTokens() {
        GenerationResult r = engine.generate(greedy("what is proof of quality", 5), TokenListener.NONE).await();
        assertThat(r.generatedTokens()).isEqualTo(5);
        assertThat(r.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    }

    /** The worker's per-token split comes back with the result (the benchmark prints it). */
    @Test
    void theResultCarriesTheWorkersPerTokenSplit() {
        GenerationResult r = engine.generate(greedy("what is proof of quality", 6), TokenListener.NONE).await();
        TokenSplit s = r.split();
        assertThat(s.tokens()).isEqualTo(r.generatedTokens()).isEqualTo(6);
        assertThat(s.decodeNanos()).isPositive();
        assertThat(s.emitNanos()).isPositive(); // the pipe write to this process
        assertThat(s.sampleNanos() + s.detokenizeNanos() + s.emitNanos() + s.decodeNanos())
                .isLessThanOrEqualTo(s.loopNanos());
    }

    @Test
    void stopsAtAStopStringAndLeavesItOut() {
        List<String> pieces = new ArrayList<>();
        String prompt = "why is the miner";
        String full = engine.generate(greedy(prompt, 24), pieces::add).await().text();
        assertThat(pieces.size()).isGreaterThan(6);
        String stop = pieces.get(4).isBlank() ? pieces.get(4) + pieces.get(5) : pieces.get(4);
        int at = full.indexOf(stop);

        GenerationResult r = engine.generate(greedy(prompt, 24).withStopStrings(List.of(stop)), TokenListener.NONE)
                .await();
        assertThat(r.text()).isEqualTo(full.substring(0, at));
        assertThat(r.stopReason()).isEqualTo(StopReason.END_OF_TEXT);
    }

    @Test
    void cancelStopsARunningGenerationAndTheEngineGoesOn() {
        AtomicInteger seen = new AtomicInteger();
        GenerationHandle[] handle = new GenerationHandle[1];
        synchronized (handle) {
            handle[0] = engine.generate(greedy("hello", 400), piece -> {
                if (seen.incrementAndGet() == 3) {
                    synchronized (handle) {
                        handle[0].cancel();
                    }
                }
            });
        }
        GenerationResult r = handle[0].await();
        assertThat(r.stopReason()).isEqualTo(StopReason.CANCELLED);
        assertThat(r.generatedTokens()).isBetween(3, 399); // stopped well before the 400 asked for

        assertThat(engine.generate(greedy("hello", 4), TokenListener.NONE).await().generatedTokens()).isEqualTo(4);
    }

    @Test
    void aQueuedGenerationCancelledBeforeItStartsNeverRuns() {
        GenerationHandle first = engine.generate(greedy("hello", 60), TokenListener.NONE);
        GenerationHandle second = engine.generate(greedy("hello", 60), TokenListener.NONE);
        second.cancel();
        assertThat(second.await().stopReason()).isEqualTo(StopReason.CANCELLED);
        assertThat(second.await().text()).isEmpty();
        assertThat(first.await().stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    }

    @Test
    void batchesAddUpToTheWholeText() {
        List<String> batches = Collections.synchronizedList(new ArrayList<>());
        GenerationResult r;
        try (TokenBatcher batcher = new TokenBatcher(java.time.Duration.ofMillis(50), Runnable::run, batches::add)) {
            r = engine.generate(greedy("the quality of the answer", 30), batcher).await();
        }
        assertThat(String.join("", batches)).isEqualTo(r.text());
        assertThat(batches.size()).isLessThanOrEqualTo(r.generatedTokens());
    }

    @Test
    void runsARenderedChatPrompt() {
        String prompt = SharedEngine.model().chatFamily().render(List.of(
                ChatMessage.system("You answer briefly."), ChatMessage.user("What is a miner?")));
        GenerationResult r = engine.generate(greedy(prompt, 8), TokenListener.NONE).await();
        assertThat(r.generatedTokens()).isPositive();
        // special tokens in the template are parsed as single tokens, not spelled out
        assertThat(r.promptTokens()).isLessThan(prompt.length() / 2);
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheJob() {
        GenerationResult r = engine.generate(greedy("hello", 4), piece -> {
            throw new IllegalStateException("a buggy UI");
        }).await();
        assertThat(r.generatedTokens()).isEqualTo(4);
    }
}
