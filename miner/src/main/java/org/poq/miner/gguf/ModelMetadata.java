package org.poq.miner.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.poq.miner.engine.LlamaLibraries;

/**
 * What the miner needs to know about a model before loading it. {@link #of} also checks the file
 * the way llama.cpp would, so that a bad file gets a named reason here instead of the binding's bare
 * "could not load model".
 */
public record ModelMetadata(String architecture, String name, long parameterCount, String quantization,
                            int contextLength, int blockCount, int embeddingLength, int headCount,
                            int headCountKv, int expertCount, int expertUsedCount, String tokenizerModel,
                            int vocabularySize, Optional<String> chatTemplate, long fileSize, int keyLength,
                            int valueLength, String bosToken, String eosToken, List<TensorInfo> matrices) {

    public ModelMetadata {
        matrices = List.copyOf(matrices);
    }

    /** A model described by its header alone, without its tensors (tests and hand-made shapes). */
    public ModelMetadata(String architecture, String name, long parameterCount, String quantization,
                         int contextLength, int blockCount, int embeddingLength, int headCount,
                         int headCountKv, int expertCount, int expertUsedCount, String tokenizerModel,
                         int vocabularySize, Optional<String> chatTemplate, long fileSize, int keyLength,
                         int valueLength, String bosToken, String eosToken) {
        this(architecture, name, parameterCount, quantization, contextLength, blockCount, embeddingLength, headCount,
                headCountKv, expertCount, expertUsedCount, tokenizerModel, vocabularySize, chatTemplate, fileSize,
                keyLength, valueLength, bosToken, eosToken, List.of());
    }

    /** Every architecture the engine's llama.cpp loads (resources; checked against its source by LlamaLayoutTest). */
    public static final Set<String> SUPPORTED_ARCHITECTURES = loadArchitectures();

    private static Set<String> loadArchitectures() {
        try (var in = ModelMetadata.class.getResourceAsStream("llama-architectures.txt")) {
            if (in == null) {
                throw new IllegalStateException("llama-architectures.txt is missing from the miner's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String[] FILE_TYPES = {"F32", "F16", "Q4_0", "Q4_1", "Q4_1_SOME_F16", "Q4_2", "Q4_3",
            "Q8_0", "Q5_0", "Q5_1", "Q2_K", "Q3_K_S", "Q3_K_M", "Q3_K_L", "Q4_K_S", "Q4_K_M", "Q5_K_S", "Q5_K_M",
            "Q6_K", "IQ2_XXS", "IQ2_XS", "Q2_K_S", "IQ3_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ3_M",
            "IQ2_S", "IQ2_M", "IQ4_XS", "IQ1_M", "BF16"};

    public boolean isMixtureOfExperts() {
        return expertCount > 1;
    }

    /** The size of one attention head's key: {arch}.attention.key_length where the file has it (Mistral Small 3, Nemo), else embedding/heads. */
    public int headDimension() {
        return keyLength;
    }

    /**
     * Reads a model file; for part 1 of a split model whose other parts lie beside it, the size and
     * parameter count are those of all parts (each part's header lists only its own tensors).
     */
    public static ModelMetadata read(Path file) {
        ModelMetadata m = of(GgufReader.read(file));
        List<Path> parts = SplitFiles.parts(file);
        if (parts.size() < 2 || !parts.get(0).equals(file) || !SplitFiles.missing(file).isEmpty()) {
            return m;
        }
        long size = m.fileSize;
        long parameters = m.parameterCount;
        List<TensorInfo> matrices = new ArrayList<>(m.matrices);
        for (Path part : parts.subList(1, parts.size())) {
            GgufFile f = GgufReader.read(part);
            size += f.fileSize();
            parameters += f.parameterCount();
            matrices.addAll(matrices(f));
        }
        return new ModelMetadata(m.architecture, m.name, parameters, m.quantization, m.contextLength, m.blockCount,
                m.embeddingLength, m.headCount, m.headCountKv, m.expertCount, m.expertUsedCount, m.tokenizerModel,
                m.vocabularySize, m.chatTemplate, size, m.keyLength, m.valueLength, m.bosToken, m.eosToken, matrices);
    }

    public static ModelMetadata of(GgufFile f) {
        String arch = f.string("general.architecture").orElseThrow(() -> missing(f, "general.architecture"));
        if (!SUPPORTED_ARCHITECTURES.contains(arch)) {
            throw new GgufException(GgufException.Reason.UNSUPPORTED_ARCHITECTURE, String.format(
                    "%s is a '%s' model, an architecture that needs a newer engine than this one (llama.cpp of "
                            + "node-llama-cpp %s): update PoQ Desktop",
                    f.path().getFileName(), arch, LlamaLibraries.NODE_LLAMA_CPP_VERSION));
        }
        int blocks = requiredInt(f, arch + ".block_count");
        int embedding = requiredInt(f, arch + ".embedding_length");
        int heads = requiredInt(f, arch + ".attention.head_count");
        // the other hyperparameters differ per architecture; llama.cpp names any it misses (see LlamaLog)
        String tokenizer = f.string("tokenizer.ggml.model").orElseThrow(() -> missing(f, "tokenizer.ggml.model"));
        List<?> tokens = f.array("tokenizer.ggml.tokens").orElseThrow(() -> missing(f, "tokenizer.ggml.tokens"));
        if (tokenizer.equals("gpt2") && !f.has("tokenizer.ggml.merges")) {
            throw missing(f, "tokenizer.ggml.merges");
        }
        return new ModelMetadata(arch,
                f.string("general.name").orElse(f.path().getFileName().toString()),
                f.parameterCount(),
                quantization(f),
                f.integer(arch + ".context_length").map(Long::intValue).orElse(2048),
                blocks, embedding, heads,
                f.integer(arch + ".attention.head_count_kv").map(Long::intValue).orElse(heads),
                f.integer(arch + ".expert_count").map(Long::intValue).orElse(0),
                f.integer(arch + ".expert_used_count").map(Long::intValue).orElse(0),
                tokenizer, tokens.size(),
                f.string("tokenizer.chat_template"),
                f.fileSize(),
                f.integer(arch + ".attention.key_length").map(Long::intValue).orElse(embedding / heads),
                f.integer(arch + ".attention.value_length").map(Long::intValue).orElse(embedding / heads),
                token(f, tokens, "tokenizer.ggml.bos_token_id"),
                token(f, tokens, "tokenizer.ggml.eos_token_id"),
                matrices(f));
    }

    /** The file's tensors of two or more dimensions: the weights a memory estimate may count twice (WeightRepack). */
    private static List<TensorInfo> matrices(GgufFile f) {
        return f.tensors().stream().filter(t -> t.dimensions().size() >= 2).toList();
    }

    /** The text of a special token the chat template names (bos_token, eos_token); empty where the file has none. */
    private static String token(GgufFile f, List<?> tokens, String key) {
        return f.integer(key).filter(id -> id >= 0 && id < tokens.size()).map(id -> String.valueOf(tokens.get(id.intValue())))
                .orElse("");
    }

    /** The file type the converter declared, or else the type holding most of the weights. */
    static String quantization(GgufFile f) {
        Optional<Long> fileType = f.integer("general.file_type");
        if (fileType.isPresent() && fileType.get() >= 0 && fileType.get() < FILE_TYPES.length) {
            return FILE_TYPES[fileType.get().intValue()];
        }
        Map<GgmlType, Long> bytes = new EnumMap<>(GgmlType.class);
        for (TensorInfo t : f.tensors()) {
            bytes.merge(t.type(), t.byteSize(), Long::sum);
        }
        return bytes.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> e.getKey().name()).orElse("unknown");
    }

    private static int requiredInt(GgufFile f, String key) {
        long v = f.integer(key).orElseThrow(() -> missing(f, key));
        if (v <= 0 || v > Integer.MAX_VALUE) {
            throw new GgufException(GgufException.Reason.MALFORMED, key + " = " + v + " is out of range");
        }
        return (int) v;
    }

    private static GgufException missing(GgufFile f, String key) {
        return new GgufException(GgufException.Reason.MISSING_KEY,
                f.path().getFileName() + " lacks the metadata key '" + key + "' that llama.cpp needs to load it");
    }
}
