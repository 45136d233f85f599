package org.poq.miner.engine;

import java.time.Clock;
import java.time.Duration;
import org.poq.miner.chat.ChatFamily;
import org.poq.miner.chat.PromptFormat;
import org.poq.miner.gguf.ModelMetadata;

/**
 * A model loaded in the worker. chatFamily: the hand-kept format its template is recognised as (or the
 * one the user chose); prompt: how its prompts are written, by default its own Jinja template.
 */
public record LoadedModel(ModelSpec spec, ModelMetadata metadata, ChatFamily chatFamily, Backend backend,
                          Duration loadTime, long workerPid, PromptFormat prompt) {

    public LoadedModel(ModelSpec spec, ModelMetadata metadata, Backend backend, Duration loadTime, long workerPid) {
        this(spec, metadata, ChatFamily.forTemplate(metadata.chatTemplate()), backend, loadTime, workerPid,
                PromptFormat.auto(metadata.chatTemplate(), metadata.bosToken(), metadata.eosToken(), Clock.systemUTC()));
    }

    /** The same model rendered in a hand-kept format the user chose ({@code --chat-format NAME}). */
    public LoadedModel withChatFamily(ChatFamily family) {
        return new LoadedModel(spec, metadata, family, backend, loadTime, workerPid, PromptFormat.of(family));
    }
}
