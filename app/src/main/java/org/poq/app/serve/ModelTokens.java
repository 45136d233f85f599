package org.poq.app.serve;

import java.nio.file.Files;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.poq.app.service.TokenCount;
import org.poq.core.Sha256;
import org.poq.miner.engine.EngineException;
import org.poq.miner.engine.llama.VocabTokenizer;
import org.poq.miner.library.ModelLibrary;
import org.poq.miner.library.ModelRecord;
import org.poq.miner.service.MinerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint's token counts ({@code usage}, {@code finish_reason "length"}): exact, with the model's
 * own tokenizer, when this node's model library holds a file that a miner of the family registered on
 * chain (its SHA-256 is the model id the miner declared), so the count is the one that miner's
 * generation made; otherwise estimated ({@link TokenCount#of}) and marked so. A tokenizer is opened
 * once per model and kept (vocabulary only: a few megabytes).
 */
final class ModelTokens implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelTokens.class);

    /** Counts the tokens of a prompt and of an answer. */
    interface Counter {
        TokenCount prompt(String question);

        TokenCount answer(String text);
    }

    static final Counter ESTIMATED = new Counter() {
        @Override
        public TokenCount prompt(String question) {
            return TokenCount.of(question);
        }

        @Override
        public TokenCount answer(String text) {
            return TokenCount.of(text);
        }
    };

    private final Function<Sha256, Optional<ModelRecord>> library;
    private final Map<Sha256, Optional<VocabTokenizer>> open = new ConcurrentHashMap<>();

    ModelTokens(Function<Sha256, Optional<ModelRecord>> library) {
        this.library = library;
    }

    static ModelTokens of(ModelLibrary library) {
        return new ModelTokens(library::find);
    }

    /** Counts nothing exactly: every count is an estimate. */
    static ModelTokens none() {
        return new ModelTokens(id -> Optional.empty());
    }

    /** The counter for a family whose miners registered {@code modelIds}: exact when one of them is here. */
    Counter forModels(Collection<Sha256> modelIds) {
        for (Sha256 id : modelIds) {
            Optional<VocabTokenizer> t = open.computeIfAbsent(id, this::openTokenizer);
            if (t.isPresent()) {
                return exact(t.get());
            }
        }
        return ESTIMATED;
    }

    private Optional<VocabTokenizer> openTokenizer(Sha256 id) {
        Optional<ModelRecord> m = library.apply(id).filter(r -> Files.isRegularFile(r.path()));
        if (m.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(VocabTokenizer.open(m.get().path()));
        } catch (EngineException | UnsatisfiedLinkError e) {
            LOG.warn("usage is estimated: the tokenizer of {} could not be read ({})", m.get().name(), e.getMessage());
            return Optional.empty();
        }
    }

    private static Counter exact(VocabTokenizer t) {
        return new Counter() {
            @Override
            public TokenCount prompt(String question) {
                // as a miner renders it: the miners' system prompt and the question in its model's chat template
                return new TokenCount(t.promptTokens(MinerService.renderPrompt(t.format(), MinerService.SYSTEM_PROMPT, question)), false);
            }

            @Override
            public TokenCount answer(String text) {
                return new TokenCount(t.answerTokens(text), false);
            }
        };
    }

    @Override
    public void close() {
        open.values().forEach(t -> t.ifPresent(VocabTokenizer::close));
        open.clear();
    }
}
