package org.poq.miner.engine.llama;

import com.sun.jna.Structure;

/** struct llama_perf_context_data: the engine's own timing of prompt and generation. */
@Structure.FieldOrder({"t_start_ms", "t_load_ms", "t_p_eval_ms", "t_eval_ms", "n_p_eval", "n_eval", "n_reused"})
public class LlamaPerfContextData extends LlamaStruct {
    public double t_start_ms;
    public double t_load_ms;
    public double t_p_eval_ms;
    public double t_eval_ms;
    public int n_p_eval;
    public int n_eval;
    public int n_reused;

    @Override
    public String cName() {
        return "llama_perf_context_data";
    }

    public static class ByValue extends LlamaPerfContextData implements Structure.ByValue {
    }
}
