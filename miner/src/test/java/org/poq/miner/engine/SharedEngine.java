package org.poq.miner.engine;

import org.poq.miner.testmodels.ModelFiles;

/**
 * One engine with the tiny Llama 3 model, shared by the tests that only generate: starting a worker
 * costs about a second on two cores. Its worker ends with this JVM (its stdin closes). One thread:
 * on a loaded two-core CI machine, ggml's threads of one decode wait on each other at every barrier.
 */
final class SharedEngine {
    private static InferenceEngine engine;
    private static LoadedModel model;

    private SharedEngine() {
    }

    static synchronized InferenceEngine get() {
        if (engine == null) {
            engine = new InferenceEngine(EngineConfig.defaults());
            model = engine.load(ModelSpec.of(ModelFiles.tinyLlama3()).withContextSize(512).withThreads(1));
            Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
        }
        return engine;
    }

    static synchronized LoadedModel model() {
        get();
        return model;
    }
}
