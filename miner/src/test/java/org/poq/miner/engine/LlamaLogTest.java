package org.poq.miner.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The load-failure explanations, from log lines as llama.cpp (node-llama-cpp 3.21.1's build) writes them. */
class LlamaLogTest {
    @Test
    void namesAnUnknownArchitecture() {
        assertThat(LlamaLog.explainText("llama_model_load: error loading model: error loading model architecture: "
                + "unknown model architecture: 'gpt99'")).startsWith("the model architecture 'gpt99' needs a newer engine");
    }

    @Test
    void saysAnUnknownTokenizerOrTensorTypeNeedsANewerEngine() {
        assertThat(LlamaLog.explainText("llama_model_load: error loading model: error loading model vocabulary: "
                + "unknown pre-tokenizer type: 'future-bpe'")).contains("tokenizer 'future-bpe' needs a newer engine");
        assertThat(LlamaLog.explainText("gguf_init_from_file_impl: tensor 'blk.0.attn_q.weight' has invalid ggml "
                + "type 99. should be in [0, 41)")).contains("needs a newer engine").doesNotContain("99");
    }

    @Test
    void assemblesLinesFromFragments() {
        LlamaLog log = new LlamaLog();
        log.append("load_tensors: offloaded ");
        log.append("7/33 layers");
        log.append(" to GPU\nnext");
        assertThat(log.offloadedLayers()).containsExactly(7, 33);
        assertThat(log.text()).doesNotContain("next");
    }

    @Test
    void namesAMissingKey() {
        assertThat(LlamaLog.explainText("llama_model_load: error loading model: error loading model hyperparameters: "
                + "key not found in model: llama.attention.layer_norm_rms_epsilon"))
                .isEqualTo("the file lacks the metadata key 'llama.attention.layer_norm_rms_epsilon'");
    }

    @Test
    void namesATruncatedFile() {
        assertThat(LlamaLog.explainText("gguf_init_from_file_impl: tensor 'output.weight' data is not within the file "
                + "bounds, model is corrupted or incomplete")).contains("truncated");
    }

    @Test
    void findsTheGpuOffloadInTheLog() {
        LlamaLog log = new LlamaLog();
        log.add("llama_model_load_from_file_impl: using device CUDA0 (NVIDIA H100 80GB HBM3) - 80000 MiB free\n");
        log.add("load_tensors: offloaded 23/23 layers to GPU\n");
        assertThat(log.offloadedLayers()).containsExactly(23, 23);
        assertThat(log.gpuDevice()).isEqualTo("CUDA0 (NVIDIA H100 80GB HBM3)");
    }

    @Test
    void saysNothingWhenTheLogNamesNoCause() {
        assertThat(LlamaLog.explainText("llama_model_loader: loaded meta data")).isNull();
    }
}
