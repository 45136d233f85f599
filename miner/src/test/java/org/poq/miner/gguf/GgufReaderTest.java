package org.poq.miner.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.miner.testmodels.GgufWriter;
import org.poq.miner.testmodels.ModelFiles;

class GgufReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsTheTinyLlama3sMetadataWithoutLoadingIt() {
        ModelMetadata m = ModelMetadata.read(ModelFiles.tinyLlama3());
        assertThat(m.architecture()).isEqualTo("llama");
        assertThat(m.name()).isEqualTo("tiny-llama3");
        assertThat(m.quantization()).isEqualTo("F32");
        assertThat(m.contextLength()).isEqualTo(512);
        assertThat(m.blockCount()).isEqualTo(2);
        assertThat(m.embeddingLength()).isEqualTo(64);
        assertThat(m.headCountKv()).isEqualTo(2);
        assertThat(m.expertCount()).isZero();
        assertThat(m.isMixtureOfExperts()).isFalse();
        assertThat(m.tokenizerModel()).isEqualTo("gpt2");
        assertThat(m.chatTemplate()).get().asString().contains("<|start_header_id|>");
        // embeddings and output (64 x vocab each) plus 2 blocks of attention, feed-forward and norms
        long perBlock = 64 * 64 * 2 + 64 * 32 * 2 + 3L * 64 * 128 + 2 * 64;
        assertThat(m.parameterCount()).isEqualTo(2L * 64 * m.vocabularySize() + 64 + 2 * perBlock);
    }

    @Test
    void readsTheMixtureOfExpertsShape() {
        ModelMetadata m = ModelMetadata.read(ModelFiles.tinyMixtral());
        assertThat(m.expertCount()).isEqualTo(4);
        assertThat(m.expertUsedCount()).isEqualTo(2);
        assertThat(m.isMixtureOfExperts()).isTrue();
        assertThat(m.tokenizerModel()).isEqualTo("llama");
        assertThat(m.chatTemplate()).get().asString().contains("[INST]");
    }

    @Test
    void aTruncatedFileSaysHowMuchIsThere() throws IOException {
        byte[] whole = Files.readAllBytes(ModelFiles.tinyLlama3());
        Path cut = Files.write(dir.resolve("cut.gguf"), Arrays.copyOf(whole, whole.length - 1000));
        assertThatThrownBy(() -> ModelMetadata.read(cut)).isInstanceOfSatisfying(GgufException.class,
                e -> assertThat(e.reason()).isEqualTo(GgufException.Reason.TRUNCATED))
                .hasMessageContaining("truncated").hasMessageContaining("present");
    }

    @Test
    void aFileCutInsideItsHeaderIsTruncatedToo() throws IOException {
        byte[] whole = Files.readAllBytes(ModelFiles.tinyLlama3());
        Path cut = Files.write(dir.resolve("cut.gguf"), Arrays.copyOf(whole, 300));
        assertThatThrownBy(() -> ModelMetadata.read(cut)).isInstanceOfSatisfying(GgufException.class,
                e -> assertThat(e.reason()).isEqualTo(GgufException.Reason.TRUNCATED));
    }

    /** Issue 26: the old message named neither the file nor the byte order. */
    @Test
    void aVersion1OrBigEndianFileIsNamedWithWhatItIs() throws IOException {
        Path v1 = Files.write(dir.resolve("old.gguf"), new byte[]{'G', 'G', 'U', 'F', 1, 0, 0, 0, 0, 0, 0, 0});
        assertThatThrownBy(() -> ModelMetadata.read(v1)).isInstanceOf(GgufException.class)
                .hasMessageStartingWith("old.gguf is a GGUF version 1 file").hasMessageContaining("versions 2 and 3");
        Path big = Files.write(dir.resolve("s390x.gguf"), new byte[]{'G', 'G', 'U', 'F', 0, 0, 0, 3, 0, 0, 0, 0});
        assertThatThrownBy(() -> ModelMetadata.read(big)).isInstanceOf(GgufException.class)
                .hasMessageStartingWith("s390x.gguf is a big-endian GGUF file");
    }

    @Test
    void anotherKindOfFileIsNotGguf() throws IOException {
        Path zip = Files.write(dir.resolve("model.bin"), new byte[]{'P', 'K', 3, 4, 0, 0, 0, 0});
        assertThatThrownBy(() -> ModelMetadata.read(zip)).isInstanceOfSatisfying(GgufException.class,
                e -> assertThat(e.reason()).isEqualTo(GgufException.Reason.NOT_GGUF));
        Path empty = Files.write(dir.resolve("empty.gguf"), new byte[0]);
        assertThatThrownBy(() -> ModelMetadata.read(empty)).isInstanceOfSatisfying(GgufException.class,
                e -> assertThat(e.reason()).isEqualTo(GgufException.Reason.NOT_GGUF));
    }

    @Test
    void anArchitectureThisEngineDoesNotKnowNeedsANewerEngine() throws IOException {
        Path file = dir.resolve("future.gguf");
        new GgufWriter().string("general.architecture", "qwen9-moe").write(file);
        assertThatThrownBy(() -> ModelMetadata.read(file)).isInstanceOfSatisfying(GgufException.class,
                e -> assertThat(e.reason()).isEqualTo(GgufException.Reason.UNSUPPORTED_ARCHITECTURE))
                .hasMessageContaining("'qwen9-moe'").hasMessageContaining("needs a newer engine");
    }

    @Test
    void everyArchitectureTheEngineLoadsIsAcceptedAndKeyLengthIsRead() throws IOException {
        for (String arch : List.of("qwen2", "qwen3", "gemma3", "llama4", "mistral3", "gpt-oss", "smollm3", "glm4")) {
            Path file = dir.resolve(arch + ".gguf");
            new GgufWriter().string("general.architecture", arch).u32(arch + ".block_count", 2)
                    .u32(arch + ".embedding_length", 5120).u32(arch + ".attention.head_count", 32)
                    .u32(arch + ".attention.key_length", 128).u32(arch + ".attention.value_length", 128)
                    .string("tokenizer.ggml.model", "llama").array("tokenizer.ggml.tokens", 8, List.of("a")).write(file);
            ModelMetadata m = ModelMetadata.read(file);
            assertThat(m.architecture()).isEqualTo(arch);
            // Mistral Small 3's shape: 5120/32 would be 160, the file says 128
            assertThat(m.headDimension()).isEqualTo(128);
        }
    }

    @Test
    void aMissingKeyIsNamed() throws IOException {
        Path file = dir.resolve("nokey.gguf");
        new GgufWriter().string("general.architecture", "llama").u32("llama.block_count", 2)
                .u32("llama.embedding_length", 64).u32("llama.attention.head_count", 4)
                .u32("llama.feed_forward_length", 128).array("tokenizer.ggml.tokens", 8, List.of("a")).write(file);
        assertThatThrownBy(() -> ModelMetadata.read(file)).isInstanceOfSatisfying(GgufException.class,
                e -> assertThat(e.reason()).isEqualTo(GgufException.Reason.MISSING_KEY))
                .hasMessageContaining("tokenizer.ggml.model");
    }

    @Test
    void aGpt2VocabularyNeedsItsMerges() throws IOException {
        Path file = dir.resolve("nomerges.gguf");
        new GgufWriter().string("general.architecture", "llama").u32("llama.block_count", 2)
                .u32("llama.embedding_length", 64).u32("llama.attention.head_count", 4)
                .u32("llama.feed_forward_length", 128).f32("llama.attention.layer_norm_rms_epsilon", 1e-5)
                .string("tokenizer.ggml.model", "gpt2").array("tokenizer.ggml.tokens", 8, List.of("a")).write(file);
        assertThatThrownBy(() -> ModelMetadata.read(file)).hasMessageContaining("tokenizer.ggml.merges");
    }

    @Test
    void anAbsurdCountIsAnErrorNotAnOutOfMemory() throws IOException {
        byte[] header = new byte[24];
        System.arraycopy("GGUF".getBytes(), 0, header, 0, 4);
        header[4] = 3;
        Arrays.fill(header, 16, 24, (byte) 0x7f); // kv count near 2^63
        Path file = Files.write(dir.resolve("absurd.gguf"), header);
        assertThatThrownBy(() -> ModelMetadata.read(file)).isInstanceOf(GgufException.class);
    }
}
