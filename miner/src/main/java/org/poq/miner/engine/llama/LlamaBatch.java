package org.poq.miner.engine.llama;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/** struct llama_batch; the worker only builds it with llama_batch_get_one. */
@Structure.FieldOrder({"n_tokens", "token", "embd", "pos", "n_seq_id", "seq_id", "logits"})
public class LlamaBatch extends LlamaStruct {
    public int n_tokens;
    public Pointer token;
    public Pointer embd;
    public Pointer pos;
    public Pointer n_seq_id;
    public Pointer seq_id;
    public Pointer logits;

    @Override
    public String cName() {
        return "llama_batch";
    }

    public static class ByValue extends LlamaBatch implements Structure.ByValue {
    }
}
