package org.poq.miner.engine.llama;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The part of llama.cpp's C API (include/llama.h, and ggml-backend.h for the backend registry) that
 * the worker uses, for the exact llama.cpp source inside node-llama-cpp 3.21.1 (see
 * {@link LlamaLibraries#NODE_LLAMA_CPP_VERSION}). One interface over libllama: ggml's symbols resolve
 * through it because dlsym on a library handle also searches the libraries it needs.
 *
 * <p>C {@code bool} is one byte: it is {@code byte} here, in arguments, returns and structs (JNA's own
 * boolean is four bytes). {@code size_t} is {@code long}, right on 64-bit Linux and macOS and on
 * 64-bit Windows for the calls below (no Windows-specific types). {@code LlamaLayoutTest} compiles
 * offsetof/sizeof of every struct against that llama.h and compares them with these layouts.
 */
public interface LlamaApi extends Library {
    int GGML_LOG_LEVEL_ERROR = 4;
    int GGML_LOG_LEVEL_CONT = 5;
    int GGML_BACKEND_DEVICE_TYPE_CPU = 0;
    int LLAMA_FLASH_ATTN_TYPE_AUTO = -1;
    int LLAMA_FLASH_ATTN_TYPE_DISABLED = 0;

    /** ggml_log_callback: fragments of log lines; CONT continues the previous one. */
    interface LogCallback extends Callback {
        void invoke(int level, String text, Pointer userData);
    }

    /** ggml_abort_callback: returning true (1) aborts the running llama_decode. */
    interface AbortCallback extends Callback {
        byte invoke(Pointer data);
    }

    // backends and logging
    void ggml_backend_load_all_from_path(String dirPath);

    Pointer ggml_backend_load(String path);

    long ggml_backend_reg_count();

    Pointer ggml_backend_reg_get(long index);

    String ggml_backend_reg_name(Pointer reg);

    long ggml_backend_dev_count();

    Pointer ggml_backend_dev_get(long index);

    String ggml_backend_dev_name(Pointer device);

    String ggml_backend_dev_description(Pointer device);

    int ggml_backend_dev_type(Pointer device);

    void ggml_backend_dev_memory(Pointer device, long[] free, long[] total);

    Pointer ggml_backend_dev_by_type(int type);

    Pointer ggml_backend_dev_backend_reg(Pointer device);

    /** A function of a dynamically loaded backend (the CPU backend's threadpool functions live there). */
    Pointer ggml_backend_reg_get_proc_address(Pointer reg, String name);

    /** Fills a struct ggml_threadpool_params with ggml's defaults (the ones llama-bench keeps). */
    void ggml_threadpool_params_init(Pointer params, int nThreads);

    void llama_log_set(LogCallback callback, Pointer userData);

    void llama_backend_init();

    void llama_backend_free();

    String llama_print_system_info();

    byte llama_supports_gpu_offload();

    // defaults
    LlamaModelParams.ByValue llama_model_default_params();

    LlamaContextParams.ByValue llama_context_default_params();

    LlamaSamplerChainParams.ByValue llama_sampler_chain_default_params();

    // model and context
    Pointer llama_model_load_from_file(String pathModel, LlamaModelParams.ByValue params);

    Pointer llama_model_load_from_splits(String[] paths, long nPaths, LlamaModelParams.ByValue params);

    void llama_model_free(Pointer model);

    Pointer llama_init_from_model(Pointer model, LlamaContextParams.ByValue params);

    void llama_free(Pointer ctx);

    int llama_n_ctx(Pointer ctx);

    Pointer llama_get_memory(Pointer ctx);

    void llama_memory_clear(Pointer memory, byte data);

    void llama_set_abort_callback(Pointer ctx, AbortCallback callback, Pointer data);

    void llama_attach_threadpool(Pointer ctx, Pointer threadpool, Pointer threadpoolBatch);

    void llama_detach_threadpool(Pointer ctx);

    // model metadata
    Pointer llama_model_get_vocab(Pointer model);

    int llama_model_n_ctx_train(Pointer model);

    int llama_model_n_layer(Pointer model);

    int llama_model_meta_val_str(Pointer model, String key, byte[] buf, long bufSize);

    int llama_model_desc(Pointer model, byte[] buf, long bufSize);

    long llama_model_size(Pointer model);

    long llama_model_n_params(Pointer model);

    Pointer llama_model_chat_template(Pointer model, String name);

    // vocabulary
    int llama_vocab_n_tokens(Pointer vocab);

    byte llama_vocab_is_eog(Pointer vocab, int token);

    int llama_tokenize(Pointer vocab, byte[] text, int textLen, int[] tokens, int nTokensMax, byte addSpecial,
                       byte parseSpecial);

    int llama_token_to_piece(Pointer vocab, int token, byte[] buf, int length, int lstrip, byte special);

    // decoding
    LlamaBatch.ByValue llama_batch_get_one(Pointer tokens, int nTokens);

    int llama_decode(Pointer ctx, LlamaBatch.ByValue batch);

    /** The logits of output i of the last decode (-1: the last output); n_vocab floats owned by the context. */
    Pointer llama_get_logits_ith(Pointer ctx, int i);

    // chat templates
    int llama_chat_apply_template(String tmpl, LlamaChatMessage[] chat, long nMsg, byte addAss, byte[] buf,
                                  int length);

    // sampling
    Pointer llama_sampler_chain_init(LlamaSamplerChainParams.ByValue params);

    void llama_sampler_chain_add(Pointer chain, Pointer sampler);

    Pointer llama_sampler_init_greedy();

    Pointer llama_sampler_init_dist(int seed);

    Pointer llama_sampler_init_top_k(int k);

    Pointer llama_sampler_init_top_p(float p, long minKeep);

    Pointer llama_sampler_init_temp(float t);

    int llama_sampler_sample(Pointer sampler, Pointer ctx, int idx);

    void llama_sampler_free(Pointer sampler);

    // timing
    LlamaPerfContextData.ByValue llama_perf_context(Pointer ctx);

    void llama_perf_context_reset(Pointer ctx);

    /** Waits for the last decode and books its time: llama.cpp counts a decode's time only here. */
    void llama_synchronize(Pointer ctx);
}
