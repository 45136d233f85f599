package org.poq.miner.engine.llama;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.poq.miner.engine.ContextExceededException;
import org.poq.miner.engine.EngineException;
import org.poq.miner.chat.PromptPart;
import org.poq.miner.engine.StopReason;
import org.poq.miner.engine.TokenSplit;
import org.poq.miner.engine.sampling.SamplingSettings;
import org.poq.miner.engine.sampling.VerifiableSampler;

/**
 * One model and its context in the worker. Each generation starts from an empty context, decodes the
 * prompt in batches, then samples one token at a time. The context never shifts: a prompt that
 * with its maximum answer does not fit is refused before anything is decoded.
 */
public final class LlamaSession implements AutoCloseable {
    private static final byte TRUE = 1;
    private static final byte FALSE = 0;

    private final LlamaApi api;
    private final Pointer model;
    private final Pointer ctx;
    private final Pointer vocab; // the generation loop's own calls: the hot path goes straight to llama.cpp
    private final LlamaVocab vocabulary;
    private final int contextSize;
    private final int batchSize;
    private final CpuThreadpool threadpool;
    // one batch and one token buffer for the session: a decode builds no struct and allocates nothing
    private final Memory tokenBuf;
    private final LlamaBatch.ByValue batch = new LlamaBatch.ByValue();
    private volatile boolean abort;
    // held for as long as the context may call it
    private final LlamaApi.AbortCallback abortCallback = data -> abort ? TRUE : FALSE;

    /**
     * What a generation made; timings are llama.cpp's own, the split is ours (wall clock in this process).
     * tokens: every token drawn, in order, the end-of-generation token included when one ended it, which
     * is what an auditor replays.
     */
    public record Outcome(int promptTokens, int generatedTokens, StopReason stop, double promptMs, double generationMs,
                          TokenSplit split, int[] tokens) {
    }

    private LlamaSession(LlamaApi api, Pointer model, Pointer ctx, int batchSize, CpuThreadpool threadpool) {
        this.api = api;
        this.model = model;
        this.ctx = ctx;
        this.vocab = api.llama_model_get_vocab(model);
        this.vocabulary = new LlamaVocab(api, vocab);
        this.contextSize = api.llama_n_ctx(ctx);
        this.batchSize = batchSize;
        this.threadpool = threadpool;
        this.tokenBuf = new Memory((long) batchSize * Native.getNativeSize(int.class));
        api.llama_set_abort_callback(ctx, abortCallback, Pointer.NULL);
    }

    /**
     * Loads a model (every part of a split model, in order) and makes its context.
     *
     * @param gpuLayers layers to offload; -1 for all
     * @return the session; failures carry llama.cpp's reason only in its log, so the caller reads it there
     */
    public static LlamaSession load(LlamaApi api, List<String> parts, int contextSize, int threads, int gpuLayers) {
        LlamaModelParams.ByValue mp = api.llama_model_default_params();
        mp.n_gpu_layers = gpuLayers;
        Pointer model = parts.size() == 1
                ? api.llama_model_load_from_file(parts.get(0), mp)
                : api.llama_model_load_from_splits(parts.toArray(String[]::new), parts.size(), mp);
        if (model == null) {
            throw new EngineException("llama.cpp could not load the model");
        }
        LlamaContextParams.ByValue cp = api.llama_context_default_params();
        cp.n_ctx = contextSize;
        cp.n_batch = Math.min(cp.n_batch, contextSize);
        cp.n_ubatch = Math.min(cp.n_ubatch, cp.n_batch);
        cp.n_seq_max = 1;
        cp.n_threads = threads;
        cp.n_threads_batch = threads;
        // Flash attention off: on the CPU its batched (tiled) kernel and its one-token kernel sum in other
        // orders, so a teacher-forced replay drew another token than the generation at 5 positions in
        // 1,000; without it none in 8,000 (docs/benchmarks: "Audit by replay"). An audit needs the
        // answer's logits to be the same in one batch as token by token.
        cp.flash_attn_type = LlamaApi.LLAMA_FLASH_ATTN_TYPE_DISABLED;
        cp.no_perf = FALSE;
        Pointer ctx = api.llama_init_from_model(model, cp);
        if (ctx == null) {
            api.llama_model_free(model);
            throw new EngineException("llama.cpp could not make a context of " + contextSize + " tokens");
        }
        CpuThreadpool pool;
        try {
            pool = CpuThreadpool.create(api, threads);
        } catch (EngineException e) {
            api.llama_free(ctx);
            api.llama_model_free(model);
            throw e;
        }
        api.llama_attach_threadpool(ctx, pool.pointer(), pool.pointer());
        LlamaSession session = new LlamaSession(api, model, ctx, cp.n_batch, pool);
        session.warmUp();
        return session;
    }

    /**
     * A batch decode and a single-token decode, so the weights are paged in and both graph shapes built
     * before the first real prompt (the first multi-token decode otherwise costs the first job seconds).
     */
    private void warmUp() {
        int[] tokens = tokenize(List.of(PromptPart.template("Hello, world")));
        if (tokens.length < 2) {
            tokens = new int[] {0, 0};
        }
        decode(Arrays.copyOf(tokens, Math.min(tokens.length, 4)));
        decode(new int[] {tokens[0]});
        api.llama_memory_clear(api.llama_get_memory(ctx), TRUE);
        resetPerf();
    }

    public int contextSize() {
        return contextSize;
    }

    public int layers() {
        return api.llama_model_n_layer(model);
    }

    public int trainContext() {
        return api.llama_model_n_ctx_train(model);
    }

    public String description() {
        byte[] buf = new byte[256];
        int n = api.llama_model_desc(model, buf, buf.length);
        return n > 0 ? new String(buf, 0, Math.min(n, buf.length), StandardCharsets.UTF_8) : "";
    }

    /** A metadata value of the model (GGUF key), or null. */
    public String meta(String key) {
        byte[] buf = new byte[512];
        int n = api.llama_model_meta_val_str(model, key, buf, buf.length);
        if (n < 0) {
            return null;
        }
        if (n >= buf.length) {
            buf = new byte[n + 1];
            n = api.llama_model_meta_val_str(model, key, buf, buf.length);
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    /** The model file's chat template, or null. */
    public String chatTemplate() {
        Pointer p = api.llama_model_chat_template(model, null);
        return p == null ? null : p.getString(0, StandardCharsets.UTF_8.name());
    }

    /**
     * The most tokens an answer to this prompt may take: {@code maxTokens}, or less where the context
     * leaves less after the prompt. A prompt that leaves no room is refused here, in words.
     */
    public int answerRoom(List<PromptPart> prompt, int maxTokens) {
        int promptTokens = tokenize(prompt).length;
        if (promptTokens >= contextSize) {
            throw new EngineException(ContextExceededException.PREFIX + " (the prompt is " + promptTokens
                    + " tokens, the context " + contextSize + ")");
        }
        return Math.min(maxTokens, contextSize - promptTokens);
    }

    /**
     * Tokens of a prompt: the first piece may get the model's BOS; template pieces have their control
     * tokens parsed, literal pieces never do.
     */
    public int[] tokenize(List<PromptPart> parts) {
        return vocabulary.tokenize(parts);
    }

    public int vocabularySize() {
        return vocabulary.size();
    }

    public boolean isEndOfGeneration(int token) {
        return vocabulary.isEndOfGeneration(token);
    }

    /** Tokens of an answer's text: plain text (control tokens not parsed), no BOS. */
    public int[] tokenizeAnswer(String text) {
        return vocabulary.tokenizeAnswer(text);
    }

    /** The bytes of a token as the answer's text shows it (control tokens as nothing). */
    public byte[] piece(int token) {
        return vocabulary.piece(token);
    }

    /** Makes the running or next decode return early; cleared at the start of each generation. */
    public void abort() {
        abort = true;
    }

    /**
     * Generates an answer. Pieces of text reach {@code onText} as characters complete; {@code cancelled}
     * is polled between tokens.
     */
    public Outcome generate(List<PromptPart> prompt, int maxTokens, int maxBytes, SamplingSettings sampling,
                            List<String> stops, BooleanSupplier cancelled, Consumer<String> onText) {
        abort = false;
        int[] tokens = tokenize(prompt);
        if (tokens.length == 0) {
            throw new EngineException("the prompt is empty");
        }
        if (tokens.length + maxTokens > contextSize) {
            throw new EngineException("the prompt is " + tokens.length + " tokens and the answer may take up to "
                    + maxTokens + ": together more than this node's context of " + contextSize + " tokens. "
                    + "Shorten the prompt, ask for fewer tokens, or run the node with a larger context "
                    + "(at most the model's " + trainContext() + ")");
        }
        api.llama_memory_clear(api.llama_get_memory(ctx), TRUE);
        resetPerf();
        VerifiableSampler sampler = new VerifiableSampler(sampling);
        float[] logits = new float[vocabularySize()];
        int[] drawn = new int[maxTokens + 1];
        int drawnCount = 0;
        TokenSplit.Timer timer = new TokenSplit.Timer();
        if (!decode(tokens)) {
            return finish(tokens.length, 0, StopReason.CANCELLED, timer, new int[0]);
        }
        Utf8Buffer utf8 = new Utf8Buffer();
        StopMatcher matcher = new StopMatcher(stops, maxBytes);
        byte[] piece = new byte[256];
        int generated = 0;
        StopReason reason = StopReason.MAX_TOKENS;
        timer.start();
        while (generated < maxTokens) {
            if (cancelled.getAsBoolean()) {
                reason = StopReason.CANCELLED;
                break;
            }
            int token = sampler.pick(lastLogits(logits), logits.length, generated);
            timer.sampled();
            drawn[drawnCount++] = token;
            if (api.llama_vocab_is_eog(vocab, token) != 0) {
                reason = StopReason.END_OF_TEXT;
                break;
            }
            generated++;
            int n = api.llama_token_to_piece(vocab, token, piece, piece.length, 0, FALSE);
            if (n < 0) {
                piece = new byte[-n];
                n = api.llama_token_to_piece(vocab, token, piece, piece.length, 0, FALSE);
            }
            String text = matcher.add(utf8.add(piece, Math.max(0, n)));
            timer.detokenized();
            onText.accept(text); // one call per token, even an empty one: the worker's sign of life
            timer.emitted();
            if (matcher.stopped()) {
                reason = matcher.byteLimited() ? StopReason.MAX_BYTES : StopReason.END_OF_TEXT;
                break;
            }
            if (generated < maxTokens && !decodeOne(token)) {
                reason = StopReason.CANCELLED;
                break;
            }
            timer.decoded();
        }
        timer.stop(generated);
        if (reason != StopReason.CANCELLED) {
            String rest = matcher.add(utf8.flush()) + matcher.flush();
            if (!rest.isEmpty()) {
                onText.accept(rest);
            }
            if (matcher.byteLimited()) {
                reason = StopReason.MAX_BYTES;
            }
        }
        return finish(tokens.length, generated, reason, timer, Arrays.copyOf(drawn, drawnCount));
    }

    /**
     * Starts llama.cpp's timing afresh. A decode whose logits were never read (the warm-up's, a cancelled
     * job's) leaves its start time pending in the context, and the next job's first synchronize would book
     * everything since then (the idle time included) as that job's prompt: "prompt 93 tokens at 2 tokens/s"
     * for a prompt the clock measured at 2.9 s. Synchronizing first books it, and the reset then drops it.
     */
    private void resetPerf() {
        api.llama_synchronize(ctx);
        api.llama_perf_context_reset(ctx);
    }

    private Outcome finish(int promptTokens, int generated, StopReason reason, TokenSplit.Timer timer, int[] drawn) {
        LlamaPerfContextData.ByValue perf = api.llama_perf_context(ctx);
        return new Outcome(promptTokens, generated, reason, perf.t_p_eval_ms, perf.t_eval_ms, timer.split(), drawn);
    }

    /** The logits of the last decoded token, copied into {@code into}. */
    private float[] lastLogits(float[] into) {
        return logitsAt(-1, into);
    }

    /** The logits of output {@code i} of the last decode (-1: the last), copied into {@code into}. */
    float[] logitsAt(int i, float[] into) {
        Pointer p = api.llama_get_logits_ith(ctx, i);
        if (p == null) {
            throw new EngineException("llama.cpp kept no logits for output " + i);
        }
        p.read(0, into, 0, into.length);
        return into;
    }

    /** Clears the context and its timings before a pass that starts from an empty context. */
    void reset() {
        abort = false;
        api.llama_memory_clear(api.llama_get_memory(ctx), TRUE);
        resetPerf();
    }

    int batchSize() {
        return batchSize;
    }

    /**
     * Decodes tokens[from, from + n) with logits kept for the positions marked in {@code outputs}
     * (int8 flags, one per token of the chunk); false when aborted.
     */
    boolean decodeWithOutputs(int[] tokens, int from, int n, Memory outputs) {
        tokenBuf.write(0, tokens, from, n);
        batch.logits = outputs;
        try {
            return decodeBuffered(n);
        } finally {
            batch.logits = null;
        }
    }

    /** Decodes a prompt in the engine's batches, as {@link #generate} does; false when aborted. */
    boolean decodePrompt(int[] tokens) {
        return decode(tokens);
    }

    /** Decodes one token alone, as {@link #generate} does for each generated token; false when aborted. */
    boolean decodeToken(int token) {
        return decodeOne(token);
    }

    double promptMs() {
        return api.llama_perf_context(ctx).t_p_eval_ms;
    }

    /** Decodes tokens in batches of at most the context's batch size; false when aborted. */
    private boolean decode(int[] tokens) {
        for (int from = 0; from < tokens.length; from += batchSize) {
            int n = Math.min(batchSize, tokens.length - from);
            tokenBuf.write(0, tokens, from, n);
            if (!decodeBuffered(n)) {
                return false;
            }
        }
        return true;
    }

    /** One generated token: the hot path, with nothing allocated. */
    private boolean decodeOne(int token) {
        tokenBuf.setInt(0, token);
        return decodeBuffered(1);
    }

    /**
     * Decodes the first n tokens of the session's buffer. The batch is the one llama_batch_get_one
     * would return (tokens only, positions and sequence from the context, logits of the last token),
     * built once instead of returned by value from a native call for every token.
     */
    private boolean decodeBuffered(int n) {
        batch.n_tokens = n;
        batch.token = tokenBuf;
        int rc = api.llama_decode(ctx, batch);
        if (rc == 2) {
            return false;
        }
        if (rc != 0) {
            throw new EngineException("llama.cpp could not decode (code " + rc + ")");
        }
        return true;
    }

    // ---- for the tests and the in-process benchmark (GenerationSplitBenchmarkTest) only

    /** The batch a decode of n buffered tokens passes, written to native memory as llama_decode gets it. */
    LlamaBatch batchFor(int n) {
        batch.n_tokens = n;
        batch.token = tokenBuf;
        batch.write();
        return batch;
    }

    Pointer tokenBuffer() {
        return tokenBuf;
    }

    Pointer context() {
        return ctx;
    }

    Pointer vocab() {
        return vocab;
    }

    /** Detached, each graph runs on a throw-away pool (the engine before the kept one); attached again after. */
    void useThreadpool(boolean attached) {
        if (attached) {
            api.llama_attach_threadpool(ctx, threadpool.pointer(), threadpool.pointer());
        } else {
            api.llama_detach_threadpool(ctx);
        }
    }

    boolean decodeOneForBenchmark(int token) {
        return decodeOne(token);
    }

    @Override
    public void close() {
        api.llama_free(ctx);
        threadpool.close(); // after the context: a pool is joined only once nothing can schedule on it
        api.llama_model_free(model);
    }
}
