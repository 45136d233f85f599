package org.poq.miner.testmodels;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

/**
 * The models the audit is measured on: Llama- and Qwen2-shaped (Qwen2 has attention biases and NEOX
 * rotary embeddings: another compute graph in llama.cpp), random weights from a weight seed, in F32 or
 * in Q8_0 quantised from the very same F32 values. Two weight seeds give two models of one shape and
 * one tokenizer, the "same family, other weights" a cheap miner could substitute; the Q8_0 file is
 * "the same weights, another quantisation". The output layer is scaled so the next-token distributions
 * are peaked like a trained model's (logits with a spread of about 2.5), not flat.
 */
public final class AuditModels {
    public enum Arch { LLAMA, QWEN2 }

    public enum Quant { F32, Q8_0, Q4_0 }

    /** One model: its architecture, weight seed and quantisation; small (CI) or medium (the cost benchmark). */
    public record Variant(Arch arch, int weightSeed, Quant quant, boolean medium) {
        String fileName() {
            return "audit-" + arch.name().toLowerCase() + "-w" + weightSeed + "-" + quant.name().toLowerCase()
                    + (medium ? "-medium" : "") + ".gguf";
        }
    }

    private record Shape(int embd, int heads, int kvHeads, int ff, int layers) {
        int kvDim() {
            return embd / heads * kvHeads;
        }
    }

    private static final int F32 = 0;
    private static final int Q8_0 = 8;
    private static final int Q4_0 = 2;
    private static final List<String> WORDS = List.of("the", "a", "is", "of", "and", "to", "in", "that", "it", "for",
            "model", "answer", "question", "miner", "quality", "proof", "token", "what", "why", "how", "you", "we",
            "network", "proof", "seed", "sample", "audit", "replay", "water", "boils", "at", "degrees", "capital",
            "france", "paris", "because", "light", "sun", "moon", "energy", "number", "prime", "two", "three");

    private AuditModels() {
    }

    /** Writes the model once into {@code dir} and returns its file. */
    public static Path write(Path dir, Variant v) throws IOException {
        Path file = dir.resolve(v.fileName());
        if (!Files.exists(file)) {
            Shape s = v.medium() ? new Shape(1024, 16, 4, 2816, 12) : new Shape(128, 4, 2, 256, 2);
            GgufWriter w = new GgufWriter();
            String a = v.arch() == Arch.LLAMA ? "llama" : "qwen2";
            w.string("general.architecture", a).string("general.name", v.fileName()).u32("general.alignment", 32)
                    .u32("general.file_type", switch (v.quant()) { case F32 -> 0; case Q8_0 -> 7; case Q4_0 -> 2; })
                    .u32(a + ".context_length", 2048).u32(a + ".embedding_length", s.embd)
                    .u32(a + ".block_count", s.layers).u32(a + ".feed_forward_length", s.ff)
                    .u32(a + ".attention.head_count", s.heads).u32(a + ".attention.head_count_kv", s.kvHeads)
                    .f32(a + ".rope.freq_base", v.arch() == Arch.LLAMA ? 500000.0 : 1000000.0)
                    .f32(a + ".attention.layer_norm_rms_epsilon", 1e-6);
            if (v.arch() == Arch.LLAMA) {
                w.u32("llama.rope.dimension_count", s.embd / s.heads);
            }
            int vocab = vocabulary(w, v.arch());
            weights(w, s, vocab, v);
            w.write(file);
        }
        return file;
    }

    /** Byte-level BPE: ASCII byte symbols, merges for letter pairs and a word list, the family's control tokens. */
    private static int vocabulary(GgufWriter w, Arch arch) {
        // ASCII only: a random model never makes invalid UTF-8
        LinkedHashSet<String> tokens = new LinkedHashSet<>(TestModels.byteSymbols().subList(0, 128));
        List<String> merges = new ArrayList<>();
        String space = "\u0120";
        for (char c = 'a'; c <= 'z'; c++) {
            if (tokens.add(space + c)) {
                merges.add(space + " " + c);
            }
        }
        TestModels.addWords(tokens, merges, WORDS);
        List<String> all = new ArrayList<>(tokens);
        List<Integer> types = new ArrayList<>(Collections.nCopies(all.size(), 1));
        List<String> special = arch == Arch.LLAMA
                ? List.of("<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>")
                : List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>");
        int first = all.size();
        for (String sp : special) {
            all.add(sp);
            types.add(3);
        }
        w.string("tokenizer.ggml.model", "gpt2").string("tokenizer.ggml.pre", arch == Arch.LLAMA ? "llama-bpe" : "qwen2")
                .array("tokenizer.ggml.tokens", 8, all).array("tokenizer.ggml.token_type", 5, types)
                .array("tokenizer.ggml.merges", 8, merges);
        if (arch == Arch.LLAMA) {
            w.u32("tokenizer.ggml.bos_token_id", first).u32("tokenizer.ggml.eos_token_id", first + 4)
                    .bool("tokenizer.ggml.add_bos_token", true)
                    .string("tokenizer.chat_template", TestModels.LLAMA3_TEMPLATE);
        } else {
            w.u32("tokenizer.ggml.bos_token_id", first).u32("tokenizer.ggml.eos_token_id", first + 2)
                    .u32("tokenizer.ggml.padding_token_id", first).bool("tokenizer.ggml.add_bos_token", false)
                    .string("tokenizer.chat_template", "{% for message in messages %}{{'<|im_start|>' + message['role']"
                            + " + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt"
                            + " %}{{ '<|im_start|>assistant\\n' }}{% endif %}");
        }
        return all.size();
    }

    private static void weights(GgufWriter w, Shape s, int vocab, Variant v) {
        long seed = 1_000_003L * v.weightSeed();
        int type = switch (v.quant()) { case F32 -> F32; case Q8_0 -> Q8_0; case Q4_0 -> Q4_0; };
        double std = 1.0 / Math.sqrt(s.embd);
        matrix(w, "token_embd.weight", type, seed++, 1.0, s.embd, vocab);
        vector(w, "output_norm.weight", s.embd, 1.0, 0, 0);
        matrix(w, "output.weight", type, seed++, 2.5 * std, s.embd, vocab);
        for (int l = 0; l < s.layers; l++) {
            String p = "blk." + l + ".";
            vector(w, p + "attn_norm.weight", s.embd, 1.0, 0, 0);
            matrix(w, p + "attn_q.weight", type, seed++, std, s.embd, s.embd);
            matrix(w, p + "attn_k.weight", type, seed++, std, s.embd, s.kvDim());
            matrix(w, p + "attn_v.weight", type, seed++, std, s.embd, s.kvDim());
            if (v.arch() == Arch.QWEN2) {
                vector(w, p + "attn_q.bias", s.embd, 0, seed++, 0.1);
                vector(w, p + "attn_k.bias", s.kvDim(), 0, seed++, 0.1);
                vector(w, p + "attn_v.bias", s.kvDim(), 0, seed++, 0.1);
            }
            matrix(w, p + "attn_output.weight", type, seed++, std, s.embd, s.embd);
            vector(w, p + "ffn_norm.weight", s.embd, 1.0, 0, 0);
            matrix(w, p + "ffn_gate.weight", type, seed++, std, s.embd, s.ff);
            matrix(w, p + "ffn_up.weight", type, seed++, std, s.embd, s.ff);
            matrix(w, p + "ffn_down.weight", type, seed++, 1.0 / Math.sqrt(s.ff), s.ff, s.embd);
        }
    }

    /** An F32 vector: base + Gaussian noise of the given spread (0: all equal to base). */
    private static void vector(GgufWriter w, String name, int n, double base, long seed, double spread) {
        w.tensor(name, new long[] {n}, F32, 4L * n, out -> {
            Random r = new Random(seed);
            ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                b.putFloat((float) (base + (spread > 0 ? r.nextGaussian() * spread : 0)));
            }
            out.write(b.array());
        });
    }

    private static void matrix(GgufWriter w, String name, int type, long seed, double std, long rows, long cols) {
        long count = rows * cols;
        if (type == F32) {
            w.tensor(name, new long[] {rows, cols}, F32, 4 * count, out -> writeF32(out, count, seed, std));
        } else if (type == Q8_0) {
            w.tensor(name, new long[] {rows, cols}, Q8_0, count / 32 * 34, out -> writeQ8(out, count, seed, std));
        } else {
            w.tensor(name, new long[] {rows, cols}, Q4_0, count / 32 * 18, out -> writeQ4(out, count, seed, std));
        }
    }

    /** The weights in a fixed order from one seeded stream, so F32 and Q8_0 hold the same values. */
    private static void writeF32(OutputStream out, long count, long seed, double std) throws IOException {
        Random r = new Random(seed);
        ByteBuffer b = ByteBuffer.allocate(4 * 8192).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < count; i++) {
            b.putFloat((float) (r.nextGaussian() * std));
            if (!b.hasRemaining()) {
                out.write(b.array(), 0, b.position());
                b.clear();
            }
        }
        out.write(b.array(), 0, b.position());
    }

    /** ggml's Q8_0: blocks of 32 values as an f16 scale d = max|x| / 127 and 32 int8 round(x / d). */
    private static void writeQ8(OutputStream out, long count, long seed, double std) throws IOException {
        Random r = new Random(seed);
        float[] x = new float[32];
        byte[] block = new byte[34];
        for (long done = 0; done < count; done += 32) {
            float amax = 0;
            for (int i = 0; i < 32; i++) {
                x[i] = (float) (r.nextGaussian() * std);
                amax = Math.max(amax, Math.abs(x[i]));
            }
            float d = amax / 127f;
            float id = d != 0 ? 1f / d : 0f;
            short h = toHalf(d);
            block[0] = (byte) h;
            block[1] = (byte) (h >> 8);
            for (int i = 0; i < 32; i++) {
                block[2 + i] = (byte) Math.round(x[i] * id);
            }
            out.write(block);
        }
    }

    /**
     * ggml's Q4_0 (quantize_row_q4_0_ref): blocks of 32 values as an f16 scale d = m / -8, m the value of
     * largest magnitude, and 4-bit min(15, (int) (x / d + 8.5)), values j and j + 16 sharing byte j.
     */
    private static void writeQ4(OutputStream out, long count, long seed, double std) throws IOException {
        Random r = new Random(seed);
        float[] x = new float[32];
        byte[] block = new byte[18];
        for (long done = 0; done < count; done += 32) {
            float amax = 0;
            float max = 0;
            for (int i = 0; i < 32; i++) {
                x[i] = (float) (r.nextGaussian() * std);
                if (Math.abs(x[i]) > amax) {
                    amax = Math.abs(x[i]);
                    max = x[i];
                }
            }
            float d = max / -8f;
            float id = d != 0 ? 1f / d : 0f;
            short h = toHalf(d);
            block[0] = (byte) h;
            block[1] = (byte) (h >> 8);
            for (int j = 0; j < 16; j++) {
                int lo = Math.min(15, (int) (x[j] * id + 8.5f));
                int hi = Math.min(15, (int) (x[16 + j] * id + 8.5f));
                block[2 + j] = (byte) (lo | (hi << 4));
            }
            out.write(block);
        }
    }

    /** IEEE 754 half precision, round to nearest even, for the normal range a Q8_0 scale uses. */
    static short toHalf(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xFF) - 127 + 15;
        int mant = bits & 0x7FFFFF;
        if (exp <= 0) {
            return (short) sign; // below the half range: zero (a scale this small never occurs here)
        }
        if (exp >= 31) {
            return (short) (sign | 0x7C00);
        }
        int half = sign | (exp << 10) | (mant >>> 13);
        int rest = mant & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++;
        }
        return (short) half;
    }
}
