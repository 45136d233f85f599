package org.poq.miner.engine;

import java.time.Duration;
import org.poq.miner.chat.ChatFamily;
import org.poq.miner.gguf.ModelMetadata;

/** A model loaded in the worker. */
public record LoadedModel(ModelSpec spec, ModelMetadata metadata, ChatFamily chatFamily, Backend backend,
                          Duration loadTime, long workerPid) {
    /** The same model rendered in a format the user chose (for a template PoQ does not recognise). */
    public LoadedModel withChatFamily(ChatFamily family) {
        return new LoadedModel(spec, metadata, family, backend, loadTime, workerPid);
    }
}
