package org.poq.miner.engine.llama;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/** struct llama_model_params (field names as in llama.h). */
@Structure.FieldOrder({"devices", "tensor_buft_overrides", "n_gpu_layers", "split_mode", "load_mode", "lazy_mode",
        "main_gpu", "tensor_split", "progress_callback", "progress_callback_user_data", "kv_overrides",
        "vocab_only", "check_tensors", "use_extra_bufts", "no_host", "no_alloc", "load_mtp"})
public class LlamaModelParams extends LlamaStruct {
    public Pointer devices;
    public Pointer tensor_buft_overrides;
    public int n_gpu_layers;
    public int split_mode;
    public int load_mode;
    public int lazy_mode;
    public int main_gpu;
    public Pointer tensor_split;
    public Pointer progress_callback;
    public Pointer progress_callback_user_data;
    public Pointer kv_overrides;
    public byte vocab_only;
    public byte check_tensors;
    public byte use_extra_bufts;
    public byte no_host;
    public byte no_alloc;
    public byte load_mtp;

    @Override
    public String cName() {
        return "llama_model_params";
    }

    public static class ByValue extends LlamaModelParams implements Structure.ByValue {
    }
}
