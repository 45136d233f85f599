package org.poq.miner.testmodels;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Makes the models the tests and the benchmark run: random weights, real shapes and real tokenizer
 * metadata, so llama.cpp loads and runs them like any published model. Deterministic: the same code
 * writes the same bytes, so a model's SHA-256 is stable.
 *
 * <ul>
 *   <li>tiny-llama3.gguf: Llama 3 shaped, byte-level BPE vocabulary with merges and Llama 3's special
 *       tokens and chat template (about 0.4 MB);</li>
 *   <li>tiny-mixtral.gguf: Mixtral shaped, 4 experts with 2 used per token, SentencePiece vocabulary
 *       and Mixtral's chat template (about 0.6 MB);</li>
 *   <li>tinyllama-1.1b-q4_0.gguf (benchmarks only, about 600 MB): TinyLlama-1.1B's shapes in Q4_0.</li>
 * </ul>
 * Run {@code main DIR [--bench]} (see resources/models/make-test-models.sh) or call the methods.
 */
public final class TestModels {
    public static final String LLAMA3_TEMPLATE = "{% set loop_messages = messages %}{% for message in loop_messages %}"
            + "{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim"
            + " + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}"
            + "{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";
    public static final String MIXTRAL_TEMPLATE = "{{ bos_token }}{% for message in messages %}"
            + "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must "
            + "alternate user/assistant/user/assistant/...') }}{% endif %}{% if message['role'] == 'user' %}"
            + "{{ '[INST] ' + message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' %}"
            + "{{ message['content'] + eos_token}}{% else %}{{ raise_exception('Only user and assistant roles are "
            + "supported!') }}{% endif %}{% endfor %}";

    private static final int F32 = 0;
    private static final int Q4_0 = 2;
    private static final List<String> WORDS = List.of("the", "a", "is", "of", "and", "to", "in", "hello", "world",
            "model", "answer", "question", "miner", "quality", "proof", "token", "what", "why", "how", "you");

    private TestModels() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "resources/models/generated");
        Files.createDirectories(dir);
        System.out.println(tinyLlama3(dir));
        System.out.println(tinyMixtral(dir));
        if (List.of(args).contains("--bench")) {
            System.out.println(tinyLlama11bQ4(dir));
        }
    }

    /** A model shaped like TinyLlama-1.1B in Q4_0, for benchmarks; written once, then reused. */
    public static Path tinyLlama11bQ4(Path dir) throws IOException {
        Path file = dir.resolve("tinyllama-1.1b-q4_0.gguf");
        if (!Files.exists(file)) {
            Shape s = new Shape(2048, 32, 4, 5632, 22, 0, 0, 2048);
            GgufWriter w = new GgufWriter();
            header(w, "TinyLlama-1.1B-shaped (random weights)", s, 2);
            sentencePieceVocabulary(w, 32000);
            weights(w, s, 32000, Q4_0);
            w.write(file);
        }
        return file;
    }

    /**
     * TinyLlama-1.1B's layer shape and vocabulary in Q4_0 with only {@code layers} layers (about 25 MB a
     * layer plus 74 MB of embedding and output): big enough that llama.cpp's repacked copy of its
     * weights shows in the worker's resident memory, small enough for a test.
     */
    public static Path tinyLlamaShapedQ4(Path dir, int layers) throws IOException {
        Path file = dir.resolve("tinyllama-shaped-" + layers + "-layers-q4_0.gguf");
        if (!Files.exists(file)) {
            Shape s = new Shape(2048, 32, 4, 5632, layers, 0, 0, 2048);
            GgufWriter w = new GgufWriter();
            header(w, "TinyLlama-shaped, " + layers + " layers (random weights)", s, 2);
            sentencePieceVocabulary(w, 32000);
            weights(w, s, 32000, Q4_0);
            w.write(file);
        }
        return file;
    }

    public static Path tinyLlama3(Path dir) throws IOException {
        Path file = dir.resolve("tiny-llama3.gguf");
        if (!Files.exists(file)) {
            tinyLlama3Writer("tiny-llama3").write(file);
        }
        return file;
    }

    /** The tiny Llama 3 split into parts the way llama.cpp's gguf-split does; returns the parts in order. */
    public static List<Path> tinyLlama3Split(Path dir, int parts) throws IOException {
        return tinyLlama3Writer("tiny-llama3-split").writeSplit(dir, "tiny-llama3-split", parts);
    }

    private static GgufWriter tinyLlama3Writer(String name) {
        Shape s = new Shape(64, 4, 2, 128, 2, 0, 0, 512);
        GgufWriter w = new GgufWriter();
        header(w, name, s, 0);
        int vocab = bpeVocabulary(w);
        w.string("tokenizer.chat_template", LLAMA3_TEMPLATE);
        weights(w, s, vocab, F32);
        return w;
    }

    public static Path tinyMixtral(Path dir) throws IOException {
        Path file = dir.resolve("tiny-mixtral.gguf");
        if (!Files.exists(file)) {
            Shape s = new Shape(64, 4, 2, 64, 2, 4, 2, 512);
            GgufWriter w = new GgufWriter();
            header(w, "tiny-mixtral", s, 0);
            int vocab = sentencePieceVocabulary(w, 0);
            w.string("tokenizer.chat_template", MIXTRAL_TEMPLATE);
            weights(w, s, vocab, F32);
            w.write(file);
        }
        return file;
    }

    /** Hyper-parameters; experts = 0 for a dense model. */
    record Shape(int embd, int heads, int kvHeads, int ff, int layers, int experts, int expertsUsed, int context) {
        int kvDim() {
            return embd / heads * kvHeads;
        }
    }

    private static void header(GgufWriter w, String name, Shape s, int fileType) {
        w.string("general.architecture", "llama").string("general.name", name).u32("general.alignment", 32)
                .u32("general.file_type", fileType)
                .u32("llama.context_length", s.context).u32("llama.embedding_length", s.embd)
                .u32("llama.block_count", s.layers).u32("llama.feed_forward_length", s.ff)
                .u32("llama.attention.head_count", s.heads).u32("llama.attention.head_count_kv", s.kvHeads)
                .u32("llama.rope.dimension_count", s.embd / s.heads).f32("llama.rope.freq_base", 10000.0)
                .f32("llama.attention.layer_norm_rms_epsilon", 1e-5);
        if (s.experts > 0) {
            w.u32("llama.expert_count", s.experts).u32("llama.expert_used_count", s.expertsUsed);
        }
    }

    /** Byte-level BPE as in Llama 3: the ASCII byte symbols, merges that build a few words, special tokens. */
    private static int bpeVocabulary(GgufWriter w) {
        // ASCII bytes only: a random model that emits a lone byte >= 0x80 makes invalid UTF-8, which the
        // binding holds back and merges, so streamed pieces would no longer be one per token
        List<String> byteSymbols = byteSymbols().subList(0, 128);
        LinkedHashSet<String> tokens = new LinkedHashSet<>(byteSymbols);
        List<String> merges = new ArrayList<>();
        addWords(tokens, merges, WORDS);
        List<String> all = new ArrayList<>(tokens);
        List<Integer> types = new ArrayList<>(Collections.nCopies(all.size(), 1));
        Map<String, Integer> special = new LinkedHashMap<>();
        for (String sp : List.of("<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>",
                "<|eot_id|>")) {
            special.put(sp, all.size());
            all.add(sp);
            types.add(3);
        }
        w.string("tokenizer.ggml.model", "gpt2").string("tokenizer.ggml.pre", "llama-bpe")
                .array("tokenizer.ggml.tokens", 8, all).array("tokenizer.ggml.token_type", 5, types)
                .array("tokenizer.ggml.merges", 8, merges)
                .u32("tokenizer.ggml.bos_token_id", special.get("<|begin_of_text|>"))
                .u32("tokenizer.ggml.eos_token_id", special.get("<|eot_id|>"))
                .bool("tokenizer.ggml.add_bos_token", true);
        return all.size();
    }

    /**
     * Adds each word, bare and after GPT-2's space symbol, one character at a time: every prefix becomes a
     * token, and each prefix not yet a token comes with the merge that builds it (also {@link AuditModels}).
     */
    static void addWords(LinkedHashSet<String> tokens, List<String> merges, List<String> words) {
        for (String word : words) {
            for (String form : List.of(word, "\u0120" + word)) {
                String built = form.substring(0, 1);
                for (int i = 1; i < form.length(); i++) {
                    String next = built + form.charAt(i);
                    if (tokens.add(next)) {
                        merges.add(built + " " + form.charAt(i));
                    }
                    built = next;
                }
            }
        }
    }

    /** GPT-2's printable stand-ins for the 256 byte values (the first 128 also {@link AuditModels}'). */
    static List<String> byteSymbols() {
        List<String> symbols = new ArrayList<>();
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            symbols.add(String.valueOf((char) (printable ? b : 256 + extra++)));
        }
        return symbols;
    }

    /**
     * SentencePiece as in Llama 2 and Mixtral: unk/bos/eos, the ASCII byte fallbacks, then pieces whose
     * every prefix is also a piece (SentencePiece merges pairwise). size 0 means just what the words need.
     */
    private static int sentencePieceVocabulary(GgufWriter w, int size) {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<Integer> types = new ArrayList<>(List.of(2, 3, 3));
        for (int b = 0; b < 128; b++) { // ASCII only, as in bpeVocabulary
            tokens.add(String.format("<0x%02X>", b));
            types.add(6);
        }
        LinkedHashSet<String> pieces = new LinkedHashSet<>();
        pieces.add("\u2581");
        for (char c = 'a'; c <= 'z'; c++) {
            pieces.add(String.valueOf(c));
        }
        for (String p : List.of(".", ",", "?", "!", "[", "]", "/", "I", "N", "S", "T", "<", ">")) {
            pieces.add(p);
        }
        for (String word : WORDS) {
            String form = "\u2581" + word;
            for (int i = 2; i <= form.length(); i++) {
                pieces.add(form.substring(0, i));
            }
        }
        if (size > 0) {
            String letters = "abcdefghijklmnopqrstuvwxyz";
            for (char a : letters.toCharArray()) {
                pieces.add("\u2581" + a);
            }
            for (char a : letters.toCharArray()) {
                for (char b : letters.toCharArray()) {
                    pieces.add("\u2581" + a + b);
                    pieces.add("" + a + b);
                }
            }
            for (char a : letters.toCharArray()) {
                for (char b : letters.toCharArray()) {
                    for (char c : letters.toCharArray()) {
                        if (tokens.size() + pieces.size() < size) {
                            pieces.add("\u2581" + a + b + c);
                        }
                        if (tokens.size() + pieces.size() < size) {
                            pieces.add("" + a + b + c);
                        }
                    }
                }
            }
        }
        int i = 0;
        List<Double> scores = new ArrayList<>(Collections.nCopies(tokens.size(), 0.0));
        for (String p : pieces) {
            tokens.add(p);
            types.add(1);
            scores.add(-(double) i++);
        }
        while (size > 0 && tokens.size() < size) {
            tokens.add("<pad" + tokens.size() + ">");
            types.add(5);
            scores.add(-1e9);
        }
        w.string("tokenizer.ggml.model", "llama").array("tokenizer.ggml.tokens", 8, tokens)
                .array("tokenizer.ggml.scores", 6, scores).array("tokenizer.ggml.token_type", 5, types)
                .u32("tokenizer.ggml.bos_token_id", 1).u32("tokenizer.ggml.eos_token_id", 2)
                .u32("tokenizer.ggml.unknown_token_id", 0).bool("tokenizer.ggml.add_bos_token", true);
        return tokens.size();
    }

    private static void weights(GgufWriter w, Shape s, int vocab, int type) {
        long seed = 1234;
        matrix(w, "token_embd.weight", type, seed++, s.embd, vocab);
        ones(w, "output_norm.weight", s.embd);
        matrix(w, "output.weight", type, seed++, s.embd, vocab);
        for (int l = 0; l < s.layers; l++) {
            String p = "blk." + l + ".";
            ones(w, p + "attn_norm.weight", s.embd);
            matrix(w, p + "attn_q.weight", type, seed++, s.embd, s.embd);
            matrix(w, p + "attn_k.weight", type, seed++, s.embd, s.kvDim());
            matrix(w, p + "attn_v.weight", type, seed++, s.embd, s.kvDim());
            matrix(w, p + "attn_output.weight", type, seed++, s.embd, s.embd);
            ones(w, p + "ffn_norm.weight", s.embd);
            if (s.experts > 0) {
                matrix(w, p + "ffn_gate_inp.weight", F32, seed++, s.embd, s.experts);
                matrix(w, p + "ffn_gate_exps.weight", type, seed++, s.embd, s.ff, s.experts);
                matrix(w, p + "ffn_up_exps.weight", type, seed++, s.embd, s.ff, s.experts);
                matrix(w, p + "ffn_down_exps.weight", type, seed++, s.ff, s.embd, s.experts);
            } else {
                matrix(w, p + "ffn_gate.weight", type, seed++, s.embd, s.ff);
                matrix(w, p + "ffn_up.weight", type, seed++, s.embd, s.ff);
                matrix(w, p + "ffn_down.weight", type, seed++, s.ff, s.embd);
            }
        }
    }

    private static void ones(GgufWriter w, String name, int n) {
        w.tensor(name, new long[]{n}, F32, 4L * n, out -> {
            ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                b.putFloat(1f);
            }
            out.write(b.array());
        });
    }

    private static void matrix(GgufWriter w, String name, int type, long seed, long... dims) {
        long elements = 1;
        for (long d : dims) {
            elements *= d;
        }
        long count = elements;
        if (type == F32) {
            w.tensor(name, dims, F32, 4 * count, out -> writeF32(out, count, seed));
        } else {
            w.tensor(name, dims, Q4_0, count / 32 * 18, out -> writeQ4(out, count / 32, seed));
        }
    }

    private static void writeF32(OutputStream out, long count, long seed) throws IOException {
        Random r = new Random(seed);
        ByteBuffer b = ByteBuffer.allocate(4 * (int) count).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < count; i++) {
            b.putFloat((float) (r.nextGaussian() * 0.05));
        }
        out.write(b.array());
    }

    /** Q4_0 blocks: an f16 scale (2^-7) and 32 random 4-bit values. */
    private static void writeQ4(OutputStream out, long blocks, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] chunk = new byte[18 * 4096];
        long left = blocks;
        while (left > 0) {
            int n = (int) Math.min(4096, left);
            for (int i = 0; i < n; i++) {
                int o = i * 18;
                chunk[o] = 0x00;
                chunk[o + 1] = 0x20;
                for (int k = 0; k < 16; k += 8) {
                    long bits = r.nextLong();
                    for (int j = 0; j < 8; j++) {
                        chunk[o + 2 + k + j] = (byte) (bits >>> (8 * j));
                    }
                }
            }
            out.write(chunk, 0, n * 18);
            left -= n;
        }
    }
}
