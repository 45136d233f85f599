package org.poq.miner.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.miner.chat.ChatFamily;
import org.poq.miner.testmodels.ModelFiles;

/** Crashes, hangs, swaps and bad files, each for real, against one debug-enabled engine. */
class WorkerFaultTest {
    private static InferenceEngine engine;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        engine = new InferenceEngine(EngineConfig.defaults().withDebugFaults(true).withHangTimeout(Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static ModelSpec spec(Path file) {
        return ModelSpec.of(file).withContextSize(256).withThreads(2);
    }

    private static GenerationRequest greedy(int n) {
        return GenerationRequest.of("hello").withTemperature(0f).withMaxTokens(n);
    }

    @Test
    void aNativeAbortFailsTheJobAndTheWorkerComesBackWithTheSameModel() {
        LoadedModel before = engine.load(spec(ModelFiles.tinyLlama3()));

        assertThatThrownBy(() -> engine.generate(greedy(4), TokenListener.NONE, "abort").await())
                .isInstanceOf(WorkerCrashedException.class).hasMessageContaining("died");

        assertThat(engine.generate(greedy(4), TokenListener.NONE).await().generatedTokens()).isEqualTo(4);
        assertThat(engine.workerPid()).isPresent().isNotEqualTo(java.util.Optional.of(before.workerPid()));
        assertThat(ProcessHandle.of(before.workerPid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    /**
     * Issue 26: with gdb installed, ggml's abort handler attached it and the crash note quoted gdb's
     * backtrace; the worker runs with GGML_NO_BACKTRACE and the note quotes ggml's own assert line.
     */
    @Test
    void aGgmlAssertIsQuotedByItsOwnLineNeverByADebugger() throws IOException {
        LoadedModel loaded = engine.load(spec(ModelFiles.tinyLlama3()));
        Path environ = Path.of("/proc/" + loaded.workerPid() + "/environ");
        if (Files.exists(environ)) { // Linux: the running worker's own environment
            assertThat(Files.readString(environ).split("\0")).contains("GGML_NO_BACKTRACE=1");
        }
        assertThatThrownBy(() -> engine.generate(greedy(4), TokenListener.NONE, "ggml-assert").await())
                .isInstanceOf(WorkerCrashedException.class)
                .hasMessageContaining("the cause: poq-test.c:42: GGML_ASSERT(poq test fault) failed")
                .hasMessageNotContaining("gdb").hasMessageNotContaining("#0 ");
        assertThat(engine.generate(greedy(4), TokenListener.NONE).await().generatedTokens()).isEqualTo(4);
    }

    /**
     * Issue 26: crash notes quoted stale lines. A native abort writes nothing; the note quoted the last
     * lines of the model's load instead (read, besides, before the reader had caught up with the dying
     * process). It now quotes only what the worker wrote during the job, and says when that was nothing.
     */
    @Test
    void aCrashNoteQuotesOnlyWhatTheWorkerWroteDuringTheJob() {
        engine.load(spec(ModelFiles.tinyLlama3()));
        assertThat(engine.generate(greedy(4), TokenListener.NONE).await().generatedTokens()).isEqualTo(4);
        assertThatThrownBy(() -> engine.generate(greedy(4), TokenListener.NONE, "abort").await())
                .isInstanceOf(WorkerCrashedException.class)
                .hasMessageEndingWith("it wrote nothing to its log during the generation")
                .hasMessageNotContaining("its last words");
    }

    @Test
    void aHungWorkerIsKilledTheJobFailsAndTheNextJobRuns() {
        LoadedModel before = engine.load(spec(ModelFiles.tinyLlama3()));

        assertThatThrownBy(() -> engine.generate(greedy(4), TokenListener.NONE, "hang").await())
                .isInstanceOf(WorkerHungException.class).hasMessageContaining("killed");

        assertThat(engine.generate(greedy(3), TokenListener.NONE).await().generatedTokens()).isEqualTo(3);
        assertThat(ProcessHandle.of(before.workerPid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aModelSwapStartsAFreshWorkerAndEndsTheOldOne() {
        LoadedModel llama = engine.load(spec(ModelFiles.tinyLlama3()));
        LoadedModel mixtral = engine.load(spec(ModelFiles.tinyMixtral()));

        assertThat(mixtral.workerPid()).isNotEqualTo(llama.workerPid());
        assertThat(ProcessHandle.of(llama.workerPid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(mixtral.metadata().expertCount()).isEqualTo(4);
        assertThat(mixtral.chatFamily()).isEqualTo(ChatFamily.MISTRAL);
        assertThat(engine.generate(greedy(5), TokenListener.NONE).await().generatedTokens()).isEqualTo(5);
    }

    @Test
    void aTruncatedFileIsRefusedByNameAndLeavesNoModelLoaded() throws IOException {
        byte[] whole = Files.readAllBytes(ModelFiles.tinyLlama3());
        Path half = Files.write(dir.resolve("half.gguf"), Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> engine.load(spec(half)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("truncated");
    }

    @Test
    void aFileThatIsNotGgufIsRefusedByName() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.gguf"), "these are not weights\n".repeat(10));
        assertThatThrownBy(() -> engine.load(spec(text)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("not a GGUF");
    }

    @Test
    void llamaCppsOwnLoadErrorIsExplainedFromItsLogNotJustCouldNotLoadModel() throws IOException {
        Path text = Files.writeString(dir.resolve("junk.gguf"), "junk!".repeat(100));
        assertThatThrownBy(() -> engine.loadUnchecked(spec(text)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("not a GGUF file");
        assertThat(engine.loadedModel()).isEmpty();
        assertThatThrownBy(() -> engine.generate(greedy(2), TokenListener.NONE).await())
                .isInstanceOf(EngineException.class).hasMessageContaining("no model is loaded");
    }

    @Test
    void aMissingFileIsRefusedWithItsName() {
        assertThatThrownBy(() -> engine.load(spec(dir.resolve("absent.gguf"))))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("absent.gguf");
    }
}
