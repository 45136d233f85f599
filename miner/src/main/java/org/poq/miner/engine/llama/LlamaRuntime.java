package org.poq.miner.engine.llama;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.poq.miner.engine.EngineException;
import org.poq.miner.engine.LlamaLibraries;

/**
 * llama.cpp loaded into this process (the worker): the library by absolute path (its file name
 * carries a version), its log routed to a sink, its backends loaded, then llama_backend_init.
 *
 * <p>Backends are not linked into libllama: the whole CPU folder is loaded with
 * ggml_backend_load_all_from_path (ggml scores the libggml-cpu-* variants and keeps the best for this
 * CPU), then each GPU backend one by one with ggml_backend_load, so each one's failure (no driver, no
 * libcudart) is kept for the user and the CPU device remains.
 */
public final class LlamaRuntime {
    private final LlamaApi api;
    // native code holds only a function pointer: without this field the callback could be collected
    @SuppressWarnings({"FieldCanBeLocal", "unused"})
    private final LlamaApi.LogCallback logCallback;
    private final List<String> gpuLoadNotes;

    private LlamaRuntime(LlamaApi api, LlamaApi.LogCallback logCallback, List<String> gpuLoadNotes) {
        this.api = api;
        this.logCallback = logCallback;
        this.gpuLoadNotes = gpuLoadNotes;
    }

    /**
     * @param log receives (level, fragment) from llama.cpp's and ggml's logger, on whatever thread logs
     */
    public static LlamaRuntime load(Path cpuDir, List<Path> gpuDirs, BiConsumer<Integer, String> log) {
        Path library = LlamaLibraries.llamaLibrary(cpuDir).orElseThrow(() ->
                new EngineException("no libllama in " + cpuDir));
        LlamaApi api;
        try {
            api = Native.load(library.toAbsolutePath().toString(), LlamaApi.class);
        } catch (UnsatisfiedLinkError e) {
            throw new EngineException("cannot load llama.cpp from " + library + ": " + e.getMessage(), e);
        }
        LlamaApi.LogCallback callback = (level, text, user) -> {
            try {
                log.accept(level, text);
            } catch (RuntimeException ignored) {
                // an exception must never unwind into native code
            }
        };
        api.llama_log_set(callback, Pointer.NULL);
        api.ggml_backend_load_all_from_path(cpuDir.toAbsolutePath().toString());
        List<String> notes = new ArrayList<>();
        for (Path dir : gpuDirs) {
            for (Path backend : LlamaLibraries.gpuBackends(dir)) {
                Pointer reg = api.ggml_backend_load(backend.toAbsolutePath().toString());
                notes.add(backend.getFileName() + (reg == null ? ": could not be loaded (see the log for why)" : ": loaded"));
            }
        }
        api.llama_backend_init();
        return new LlamaRuntime(api, callback, notes);
    }

    public LlamaApi api() {
        return api;
    }

    /** The devices ggml can run on, as "name (description) [type]" lines. */
    public List<String> devices() {
        List<String> out = new ArrayList<>();
        long n = api.ggml_backend_dev_count();
        for (long i = 0; i < n; i++) {
            Pointer dev = api.ggml_backend_dev_get(i);
            String type = switch (api.ggml_backend_dev_type(dev)) {
                case 0 -> "CPU";
                case 1 -> "GPU";
                case 2 -> "integrated GPU";
                default -> "accelerator";
            };
            out.add(api.ggml_backend_dev_name(dev) + " (" + api.ggml_backend_dev_description(dev) + ") [" + type + "]");
        }
        return out;
    }

    /** Whether a device other than the CPU is present. */
    public boolean hasGpu() {
        long n = api.ggml_backend_dev_count();
        for (long i = 0; i < n; i++) {
            int type = api.ggml_backend_dev_type(api.ggml_backend_dev_get(i));
            if (type == 1 || type == 2) {
                return true;
            }
        }
        return false;
    }

    /** The first GPU device's name and description, or null. */
    public String gpuName() {
        long n = api.ggml_backend_dev_count();
        for (long i = 0; i < n; i++) {
            Pointer dev = api.ggml_backend_dev_get(i);
            int type = api.ggml_backend_dev_type(dev);
            if (type == 1 || type == 2) {
                return api.ggml_backend_dev_name(dev) + " (" + api.ggml_backend_dev_description(dev) + ")";
            }
        }
        return null;
    }

    /** A one-line summary of backends for the user: devices, and each GPU library that failed. */
    public String summary() {
        List<String> parts = new ArrayList<>(devices());
        gpuLoadNotes.stream().filter(n -> !n.endsWith(": loaded")).forEach(parts::add);
        return String.join("; ", parts);
    }

    public void free() {
        api.llama_backend_free();
    }
}
