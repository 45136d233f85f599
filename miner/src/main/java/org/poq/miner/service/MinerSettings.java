package org.poq.miner.service;

import java.nio.file.Path;
import org.poq.miner.engine.ModelSpec;
import org.poq.miner.gguf.GgufException;
import org.poq.miner.gguf.ModelMetadata;

/**
 * The engine settings a miner runs with (context, threads, GPU layers), from what the user gave and
 * the model's own limits; one place for the window and `poq node`.
 */
public final class MinerSettings {
    /** The context a node uses when none is given: the model's own, at most this. */
    public static final int DEFAULT_CONTEXT = 4096;

    private MinerSettings() {
    }

    /**
     * @param context null for the default; otherwise checked against the engine's range and the model's own
     */
    public static ModelSpec spec(Path model, Integer context, int threads, int gpuLayers) {
        int modelContext = DEFAULT_CONTEXT;
        try {
            modelContext = ModelMetadata.read(model).contextLength();
        } catch (GgufException e) {
            // the engine's load names what is wrong with the file; the context check needs only a number
        }
        int ctx = context != null ? context : Math.max(ModelSpec.MIN_CONTEXT, Math.min(modelContext, DEFAULT_CONTEXT));
        if (context != null && context > modelContext && context >= ModelSpec.MIN_CONTEXT) {
            throw new IllegalArgumentException("the context must be between " + ModelSpec.MIN_CONTEXT + " and the model's "
                    + modelContext + " tokens, not " + context);
        }
        return new ModelSpec(model, ctx, threads, gpuLayers);
    }
}
