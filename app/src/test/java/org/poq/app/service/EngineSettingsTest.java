package org.poq.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.poq.miner.chat.ChatFamily;
import org.poq.miner.gguf.ModelMetadata;
import org.poq.miner.hardware.HardwareInfo;

/** The Miner screen's and poq node's engine settings: one set of ranges and words, defaults from the memory fit. */
class EngineSettingsTest {
    /** A Llama-3.1-8B-shaped Q4_K_M: 32 layers (+ output), 8 KV heads of 128, 4.9 GB, 131072 context. */
    static final ModelMetadata LLAMA_8B = new ModelMetadata("llama", "Llama 3.1 8B Instruct", 8_030_000_000L, "Q4_K_M",
            131_072, 32, 4096, 32, 8, 0, 0, "gpt2", 128_256, Optional.empty(), 4_920_000_000L, 128, 128, "", "");

    private static HardwareInfo machine(long vram) {
        List<HardwareInfo.Gpu> gpus = vram < 0 ? List.of() : List.of(new HardwareInfo.Gpu("Test GPU", "NVIDIA", vram));
        return new HardwareInfo("test cpu", 8, 32L << 30, 24L << 30, gpus);
    }

    @Test
    void wrongFieldsGetTheirRangeInWords() {
        EngineSettings.Checked c = EngineSettings.check("-5", "32", "0", "vicuna", 131_072);
        assertThat(c.ok()).isFalse();
        assertThat(c.choice()).isNull();
        assertThat(c.errors()).containsEntry(EngineSettings.GPU_LAYERS,
                        "GPU layers must be -1 (all), 0 (CPU only) or a whole number up to 1000.")
                .containsEntry(EngineSettings.CONTEXT, "The context must be a whole number of tokens from 64 to 131072 (the model's own).")
                .containsEntry(EngineSettings.THREADS, "Threads must be a whole number from 1 to 512.");
        assertThat(c.errors().get(EngineSettings.CHAT_FORMAT)).startsWith("Unknown chat format 'vicuna'; choose one of llama3");
        assertThat(EngineSettings.check("all", "4k", "two", "", null).errors()).containsOnlyKeys(
                EngineSettings.GPU_LAYERS, EngineSettings.CONTEXT, EngineSettings.THREADS);
        // a context beyond the model's own is refused too
        assertThat(EngineSettings.check("0", "200000", "4", "", 131_072).errors()).containsOnlyKeys(EngineSettings.CONTEXT);
    }

    @Test
    void goodFieldsMakeTheChoice() {
        EngineSettings.Checked c = EngineSettings.check(" -1 ", "8192", "6", "mistral-v7-tekken", 131_072);
        assertThat(c.errors()).isEmpty();
        assertThat(c.choice()).isEqualTo(new EngineSettings.Choice(8192, 6, -1, ChatFamily.MISTRAL_V7_TEKKEN));
        assertThat(EngineSettings.check("0", "", "1", "auto", null).choice())
                .as("an empty context is the model's default, auto the file's template")
                .isEqualTo(new EngineSettings.Choice(null, 1, 0, null));
        assertThat(EngineSettings.check("", "", "", "", null).choice()).as("empty fields are the engine's defaults")
                .isEqualTo(new EngineSettings.Choice(null, Math.min(512, Runtime.getRuntime().availableProcessors()), -1, null));
    }

    @Test
    void theCommandLineGetsTheSameWordsBeforeAnythingStarts() {
        assertThatThrownBy(() -> EngineSettings.require(0, 2, -1, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The context must be a whole number of tokens from 64 to 1048576.");
        assertThatThrownBy(() -> EngineSettings.require(null, 2, -5, null))
                .hasMessage(EngineSettings.gpuLayersRange());
        EngineSettings.require(null, 2, 33, null);
    }

    @Test
    void defaultsComeFromTheMemoryFit() {
        EngineSettings.Defaults none = EngineSettings.defaults(LLAMA_8B, machine(-1));
        assertThat(none.gpuLayers()).as("no GPU: CPU only").isZero();
        assertThat(none.context()).as("the model's own, at most 4096").isEqualTo(4096);
        assertThat(none.threads()).isEqualTo(8);
        assertThat(none.reason()).isEqualTo("no GPU found: every layer runs on the CPU");

        EngineSettings.Defaults big = EngineSettings.defaults(LLAMA_8B, machine(24L << 30));
        assertThat(big.gpuLayers()).as("a 24 GiB GPU holds it all").isEqualTo(-1);
        assertThat(big.reason()).isEqualTo("all 33 layers fit in the GPU's 24.0 GiB");

        EngineSettings.Defaults small = EngineSettings.defaults(LLAMA_8B, machine(3L << 30));
        assertThat(small.gpuLayers()).as("a 3 GiB GPU holds part of it").isBetween(1, 32);
        assertThat(small.reason()).startsWith(small.gpuLayers() + " of 33 layers fit in the GPU's 3.0 GiB");
        // the partial offload it proposes does fit, and one layer more would not
        long vram = 3L << 30;
        assertThat(org.poq.miner.hardware.MemoryEstimate.of(LLAMA_8B, 4096, small.gpuLayers()).vramBytes()).isLessThanOrEqualTo(vram);
        assertThat(org.poq.miner.hardware.MemoryEstimate.of(LLAMA_8B, 4096, small.gpuLayers() + 1).vramBytes()).isGreaterThan(vram);
    }
}
