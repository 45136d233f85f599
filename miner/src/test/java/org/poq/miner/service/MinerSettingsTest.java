package org.poq.miner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.poq.miner.engine.ModelSpec;
import org.poq.miner.testmodels.ModelFiles;

/** `poq node --context/--threads/--gpu-layers`: plain words and the valid range for each bad value. */
class MinerSettingsTest {
    private final Path tiny = ModelFiles.tinyLlama3(); // trained context 512

    @Test
    void defaultsToTheModelsOwnContextAtMost4096AndAllLayers() {
        ModelSpec spec = MinerSettings.spec(tiny, null, 2, ModelSpec.ALL_LAYERS);
        assertThat(spec.contextSize()).isEqualTo(512);
        assertThat(spec.gpuLayers()).isEqualTo(-1);
    }

    @Test
    void refusesNonsenseWithTheRange() {
        assertThatThrownBy(() -> MinerSettings.spec(tiny, 0, 2, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the context must be between 64 and 1048576 tokens, not 0");
        assertThatThrownBy(() -> MinerSettings.spec(tiny, 4096, 2, -1))
                .hasMessage("the context must be between 64 and the model's 512 tokens, not 4096");
        assertThatThrownBy(() -> MinerSettings.spec(tiny, 256, 2, -5))
                .hasMessage("GPU layers must be -1 (all), 0 (CPU only) or up to 1000, not -5");
        assertThatThrownBy(() -> MinerSettings.spec(tiny, 256, 0, -1))
                .hasMessage("threads must be between 1 and 512, not 0");
    }
}
