package org.poq.miner.engine.llama;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.poq.miner.engine.EngineException;

/**
 * A ggml CPU threadpool that lives as long as a context, attached to it as llama-bench does.
 *
 * <p>Why: node-llama-cpp's CPU libraries are built without OpenMP, and a context with no threadpool
 * attached makes ggml create a throw-away pool for every graph it computes: with two threads, one
 * pthread started and joined per decoded token. llama-bench attaches a kept pool, so the engine does
 * too, to decode exactly as the benchmark it is compared with. Measured in one process on the 2-core
 * machine (GenerationSplitBenchmarkTest, load about 2), the two differ by less than the noise (ratio
 * 0.99): the setup is the same as llama-bench's, not a speed-up. A kept pool's threads poll briefly
 * for the next graph and then sleep, so an idle worker costs no CPU.
 *
 * <p>The functions live in the CPU backend library that ggml picked at run time (libggml-cpu-zen4 and
 * so on), not in libllama, so they are looked up through the backend registry, as llama-bench does.
 * The parameters struct is filled by ggml itself (ggml_threadpool_params_init: poll 50, no CPU mask,
 * normal priority, llama-bench's defaults), so Java never depends on its layout; the buffer is larger
 * than the struct (528 bytes in this ggml).
 */
public final class CpuThreadpool implements AutoCloseable {
    private static final long PARAMS_BYTES = 4096;

    private final Function free;
    private Pointer pool;

    private CpuThreadpool(Function free, Pointer pool) {
        this.free = free;
        this.pool = pool;
    }

    /** A pool of {@code threads} threads (the calling thread counts as one of them, as in ggml). */
    public static CpuThreadpool create(LlamaApi api, int threads) {
        Pointer device = api.ggml_backend_dev_by_type(LlamaApi.GGML_BACKEND_DEVICE_TYPE_CPU);
        if (device == null) {
            throw new EngineException("llama.cpp has no CPU backend loaded");
        }
        Pointer reg = api.ggml_backend_dev_backend_reg(device);
        Pointer newFn = api.ggml_backend_reg_get_proc_address(reg, "ggml_threadpool_new");
        Pointer freeFn = api.ggml_backend_reg_get_proc_address(reg, "ggml_threadpool_free");
        if (newFn == null || freeFn == null) {
            throw new EngineException("llama.cpp's CPU backend has no threadpool functions");
        }
        Memory params = new Memory(PARAMS_BYTES);
        params.clear();
        api.ggml_threadpool_params_init(params, threads);
        Pointer pool = (Pointer) Function.getFunction(newFn).invoke(Pointer.class, new Object[] {params});
        if (pool == null) {
            throw new EngineException("llama.cpp could not start " + threads + " CPU threads");
        }
        return new CpuThreadpool(Function.getFunction(freeFn), pool);
    }

    public Pointer pointer() {
        return pool;
    }

    /** Stops and joins the threads; only after the context that used it is freed or detached. */
    @Override
    public void close() {
        if (pool != null) {
            free.invokeVoid(new Object[] {pool});
            pool = null;
        }
    }
}
