package org.poq.miner.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.poq.miner.testmodels.ModelFiles;

class EngineLifecycleTest {
    @Test
    void withoutAModelAGenerationFailsCleanly() {
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.defaults())) {
            assertThat(engine.loadedModel()).isEmpty();
            assertThat(engine.workerPid()).isEmpty();
            assertThatThrownBy(() -> engine.generate(GenerationRequest.of("hi"), TokenListener.NONE).await())
                    .isInstanceOf(EngineException.class).hasMessageContaining("no model is loaded");
        }
    }

    @Test
    void closingEndsTheWorkerAndFailsWhatWasStillQueued() {
        InferenceEngine engine = new InferenceEngine(EngineConfig.defaults());
        LoadedModel model = engine.load(ModelSpec.of(ModelFiles.tinyLlama3()).withContextSize(512).withThreads(2));
        List<GenerationHandle> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queued.add(engine.generate(GenerationRequest.of("hello").withMaxTokens(400), TokenListener.NONE));
        }
        engine.close();

        for (GenerationHandle h : queued) {
            assertThat(h.result()).isDone();
        }
        assertThat(queued.get(2).result()).isCompletedExceptionally();
        assertThat(ProcessHandle.of(model.workerPid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThatThrownBy(() -> engine.generate(GenerationRequest.of("hi"), TokenListener.NONE))
                .isInstanceOf(EngineException.class).hasMessageContaining("closed");
    }

    @Test
    void aWorkerThatCannotStartIsReportedWithItsCause() {
        EngineConfig d = EngineConfig.defaults();
        EngineConfig noJava = new EngineConfig(java.nio.file.Path.of("/no/such/java"), d.classPath(),
                d.nativeLibraryDir(), d.startTimeout(), d.loadTimeout(), d.hangTimeout(), d.workerHeapMb(), false, java.util.Optional.empty(), true);
        try (InferenceEngine engine = new InferenceEngine(noJava)) {
            assertThatThrownBy(() -> engine.load(ModelSpec.of(ModelFiles.tinyLlama3())))
                    .isInstanceOf(EngineException.class).hasMessageContaining("cannot start the inference worker");
        }
        EngineConfig emptyClassPath = new EngineConfig(d.javaCommand(), "/no/such/classes", d.nativeLibraryDir(),
                d.startTimeout(), d.loadTimeout(), d.hangTimeout(), d.workerHeapMb(), false, java.util.Optional.empty(), true);
        try (InferenceEngine engine = new InferenceEngine(emptyClassPath)) {
            assertThatThrownBy(() -> engine.load(ModelSpec.of(ModelFiles.tinyLlama3())))
                    .isInstanceOf(EngineException.class).hasMessageContaining("did not start")
                    .hasMessageContaining("InferenceWorker");
        }
    }

    /**
     * The race behind a CI failure: a worker whose stdout ends before its last stderr line is read (the
     * JVM's "could not find or load main class" arrives on stderr just after). A stand-in "java" closes
     * stdout, waits, then writes to stderr and exits; the start error must still quote that line.
     */
    @Test
    void aWorkerThatDiesQuotesItsLastStderrLineEvenWhenStdoutEndedFirst(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path fakeJava = dir.resolve("java");
        java.nio.file.Files.writeString(fakeJava,
                "#!/bin/sh\nexec 1>&-\nsleep 0.5\necho 'Error: Could not find or load main class InferenceWorker' >&2\nexit 1\n");
        assertThat(fakeJava.toFile().setExecutable(true)).isTrue();
        EngineConfig d = EngineConfig.defaults();
        EngineConfig config = new EngineConfig(fakeJava, d.classPath(), d.nativeLibraryDir(), d.startTimeout(),
                d.loadTimeout(), d.hangTimeout(), d.workerHeapMb(), false, java.util.Optional.empty(), true);
        try (InferenceEngine engine = new InferenceEngine(config)) {
            assertThatThrownBy(() -> engine.load(ModelSpec.of(ModelFiles.tinyLlama3())))
                    .isInstanceOf(EngineException.class).hasMessageContaining("did not start")
                    .hasMessageContaining("Could not find or load main class InferenceWorker");
        }
    }

    @Test
    void rejectsNonsenseSettingsUpFront() {
        assertThatThrownBy(() -> GenerationRequest.of("x").withMaxTokens(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GenerationRequest.of("x").withTopP(0f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GenerationRequest.of("x").withTemperature(-1f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GenerationRequest.of("x").withSeed(1L << 40)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelSpec.of(ModelFiles.tinyLlama3()).withThreads(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EngineConfig.defaults().withNativeLibraryDir(java.nio.file.Path.of("/no/such/dir")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/no/such/dir");
    }
}
