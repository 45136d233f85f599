package org.poq.miner.engine.llama;

import com.sun.jna.Structure;

/** struct llama_sampler_chain_params. */
@Structure.FieldOrder({"no_perf"})
public class LlamaSamplerChainParams extends LlamaStruct {
    public byte no_perf;

    @Override
    public String cName() {
        return "llama_sampler_chain_params";
    }

    public static class ByValue extends LlamaSamplerChainParams implements Structure.ByValue {
    }
}
