package org.poq.app.service;

import org.poq.core.ByteSizes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.poq.miner.chat.ChatFamily;
import org.poq.miner.engine.ModelSpec;
import org.poq.miner.gguf.ModelMetadata;
import org.poq.miner.hardware.HardwareInfo;
import org.poq.miner.hardware.MemoryEstimate;
import org.poq.miner.service.MinerSettings;

/**
 * A miner's engine settings (GPU layers, context, threads, chat format) for every face: the Miner
 * screen's fields and {@code poq node --gpu-layers/--context/--threads/--chat-format} are checked here
 * with the same ranges and the same words, and the window's defaults come from the memory fit of the
 * chosen model on this machine.
 */
public final class EngineSettings {
    public static final String GPU_LAYERS = "gpu-layers";
    public static final String CONTEXT = "context";
    public static final String THREADS = "threads";
    public static final String CHAT_FORMAT = "chat-format";

    private EngineSettings() {
    }

    /**
     * What a miner runs with.
     *
     * @param context    tokens of context; null for the default (the model's own, at most {@link MinerSettings#DEFAULT_CONTEXT})
     * @param chatFormat a prompt format chosen by the user; null: the file's own template
     */
    public record Choice(Integer context, int threads, int gpuLayers, ChatFamily chatFormat) {
    }

    /** Field texts checked: the choice, or the error of each field that is wrong (keyed by the constants above). */
    public record Checked(Choice choice, Map<String, String> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /** The defaults for a model on this machine, and why, in words. */
    public record Defaults(int context, int threads, int gpuLayers, String reason) {
    }

    public static String threadsRange() {
        return "Threads must be a whole number from 1 to " + ModelSpec.MAX_THREADS + ".";
    }

    public static String gpuLayersRange() {
        return "GPU layers must be -1 (all), 0 (CPU only) or a whole number up to " + ModelSpec.MAX_GPU_LAYERS + ".";
    }

    /** @param modelContext the model's own context length, or null when no model is known yet */
    public static String contextRange(Integer modelContext) {
        int max = modelContext == null ? ModelSpec.MAX_CONTEXT : Math.min(ModelSpec.MAX_CONTEXT, modelContext);
        return "The context must be a whole number of tokens from " + ModelSpec.MIN_CONTEXT + " to " + max
                + (modelContext == null ? "" : " (the model's own)") + ".";
    }

    /** The numbers as the command line gives them; each wrong one gets its range in words. */
    public static Map<String, String> errors(Integer context, int threads, int gpuLayers, Integer modelContext) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (threads < 1 || threads > ModelSpec.MAX_THREADS) {
            errors.put(THREADS, threadsRange());
        }
        if (gpuLayers < ModelSpec.ALL_LAYERS || gpuLayers > ModelSpec.MAX_GPU_LAYERS) {
            errors.put(GPU_LAYERS, gpuLayersRange());
        }
        int maxContext = modelContext == null ? ModelSpec.MAX_CONTEXT : Math.min(ModelSpec.MAX_CONTEXT, modelContext);
        if (context != null && (context < ModelSpec.MIN_CONTEXT || context > maxContext)) {
            errors.put(CONTEXT, contextRange(modelContext));
        }
        return errors;
    }

    /** For {@code poq node}: the first wrong setting as an IllegalArgumentException (exit code 2), before anything starts. */
    public static void require(Integer context, int threads, int gpuLayers, Integer modelContext) {
        errors(context, threads, gpuLayers, modelContext).values().stream().findFirst().ifPresent(m -> {
            throw new IllegalArgumentException(m);
        });
    }

    /** A chat format by the name a user typed; empty text (or "auto") keeps the file's own template. */
    public static Optional<ChatFamily> chatFormat(String text) {
        if (text == null || text.isBlank() || text.strip().equalsIgnoreCase("auto")) {
            return Optional.empty();
        }
        return Optional.of(ChatFamily.parse(text));
    }

    /**
     * The Miner screen's four fields as typed; an empty field is the engine's default (all layers on a
     * GPU, the model's context, a thread per core, the file's template), as an omitted option of poq node.
     */
    public static Checked check(String gpuLayers, String context, String threads, String chatFormat, Integer modelContext) {
        Map<String, String> errors = new LinkedHashMap<>();
        // Integer.valueOf: a bare int in one branch would unbox the other's null
        Integer layers = gpuLayers == null || gpuLayers.isBlank() ? Integer.valueOf(ModelSpec.ALL_LAYERS) : whole(gpuLayers);
        Integer ctx = context == null || context.isBlank() ? null : whole(context);
        Integer n = threads == null || threads.isBlank()
                ? Integer.valueOf(Math.max(1, Math.min(ModelSpec.MAX_THREADS, Runtime.getRuntime().availableProcessors())))
                : whole(threads);
        if (layers == null) {
            errors.put(GPU_LAYERS, gpuLayersRange());
        }
        if (n == null) {
            errors.put(THREADS, threadsRange());
        }
        if (context != null && !context.isBlank() && ctx == null) {
            errors.put(CONTEXT, contextRange(modelContext));
        }
        Map<String, String> ranges = errors(ctx, n == null ? 1 : n, layers == null ? 0 : layers, modelContext);
        ranges.forEach(errors::putIfAbsent);
        ChatFamily format = null;
        try {
            format = chatFormat(chatFormat).orElse(null);
        } catch (IllegalArgumentException e) {
            errors.put(CHAT_FORMAT, capitalized(e.getMessage()) + ".");
        }
        return new Checked(errors.isEmpty() ? new Choice(ctx, n, layers, format) : null, Map.copyOf(errors));
    }

    /**
     * Defaults for a model on this machine: its own context (at most {@link MinerSettings#DEFAULT_CONTEXT}),
     * a thread per logical core, and as many layers on the GPU as the memory fit says its memory holds
     * (all of them when it holds the model, 0 without a GPU).
     */
    public static Defaults defaults(ModelMetadata model, HardwareInfo hw) {
        int context = Math.max(ModelSpec.MIN_CONTEXT, Math.min(model.contextLength() > 0 ? model.contextLength()
                : MinerSettings.DEFAULT_CONTEXT, MinerSettings.DEFAULT_CONTEXT));
        int threads = Math.max(1, Math.min(ModelSpec.MAX_THREADS, hw.logicalCores()));
        int layers = model.blockCount() + 1; // the output layer counts, as llama.cpp counts it
        if (hw.gpus().isEmpty()) {
            return new Defaults(context, threads, 0, "no GPU found: every layer runs on the CPU");
        }
        long vram = hw.largestVramBytes();
        if (vram <= 0) {
            return new Defaults(context, threads, ModelSpec.ALL_LAYERS,
                    "the GPU's memory could not be read: all layers are offered to it");
        }
        for (int n = layers; n >= 0; n--) {
            MemoryEstimate need = MemoryEstimate.of(model, context, n);
            if (need.vramBytes() <= vram) { // the RAM side is the memory fit's own line
                String gpu = ByteSizes.format(vram);
                return n == layers
                        ? new Defaults(context, threads, ModelSpec.ALL_LAYERS, "all " + layers + " layers fit in the GPU's " + gpu)
                        : new Defaults(context, threads, n, n + " of " + layers + " layers fit in the GPU's " + gpu
                                + "; the rest run on the CPU");
            }
        }
        return new Defaults(context, threads, 0, "no layer fits in the GPU's " + ByteSizes.format(vram) + ": the CPU runs them");
    }

    private static Integer whole(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
