package org.poq.miner.engine.llama;

import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.poq.miner.chat.PromptFormat;
import org.poq.miner.engine.EngineException;
import org.poq.miner.engine.LlamaLibraries;
import org.poq.miner.chat.PromptPart;
import org.poq.miner.gguf.SplitFiles;
import org.poq.miner.gguf.ModelMetadata;

/**
 * A GGUF model's tokenizer alone: llama.cpp loads only the vocabulary (no weights, no context, a few
 * megabytes and milliseconds), in this process and on the CPU. Counts a prompt as a miner of the
 * model tokenizes it (rendered with {@link #format()}, the file's own chat template) and an answer as
 * its text: the endpoint's {@code usage} when the node has the model. Thread-safe: llama.cpp's
 * tokenizer only reads the vocabulary.
 */
public final class VocabTokenizer implements AutoCloseable {
    private static LlamaRuntime runtime;

    private final LlamaApi api;
    private final Pointer model;
    private final LlamaVocab vocab;
    private final PromptFormat format;

    private VocabTokenizer(LlamaApi api, Pointer model, PromptFormat format) {
        this.api = api;
        this.model = model;
        this.vocab = new LlamaVocab(api, api.llama_model_get_vocab(model));
        this.format = format;
    }

    /** The tokenizer of the model in {@code file} (the first part of a split model); a plain EngineException when it cannot be read. */
    public static VocabTokenizer open(Path file) {
        ModelMetadata meta = ModelMetadata.read(file);
        LlamaApi api = runtime().api();
        LlamaModelParams.ByValue mp = api.llama_model_default_params();
        mp.vocab_only = 1;
        mp.n_gpu_layers = 0;
        List<String> parts = SplitFiles.parts(file).stream().map(p -> p.toAbsolutePath().toString()).toList();
        Pointer model = parts.size() == 1 ? api.llama_model_load_from_file(parts.get(0), mp)
                : api.llama_model_load_from_splits(parts.toArray(String[]::new), parts.size(), mp);
        if (model == null) {
            throw new EngineException("llama.cpp could not read the vocabulary of " + file.getFileName());
        }
        return new VocabTokenizer(api, model, PromptFormat.auto(meta.chatTemplate(), meta.bosToken(), meta.eosToken(), Clock.systemUTC()));
    }

    /** llama.cpp in this process, loaded once, CPU only (a vocabulary needs no device); its log is dropped. */
    private static synchronized LlamaRuntime runtime() {
        if (runtime == null) {
            runtime = LlamaRuntime.load(LlamaLibraries.locate(), List.of(), (level, text) -> { });
        }
        return runtime;
    }

    /** How the model's own chat template writes a prompt (what a miner of it renders). */
    public PromptFormat format() {
        return format;
    }

    /** The tokens a rendered prompt takes, BOS and control tokens included. */
    public int promptTokens(List<PromptPart> parts) {
        return vocab.tokenize(parts).length;
    }

    /** The tokens of an answer's text. */
    public int answerTokens(String text) {
        return vocab.tokenizeAnswer(text).length;
    }

    @Override
    public void close() {
        api.llama_model_free(model);
    }
}
