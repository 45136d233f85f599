package org.poq.miner.engine.llama;

import com.sun.jna.Structure;

/** struct llama_chat_message. */
@Structure.FieldOrder({"role", "content"})
public class LlamaChatMessage extends LlamaStruct {
    public String role;
    public String content;

    public LlamaChatMessage() {
        super();
    }

    @Override
    public String cName() {
        return "llama_chat_message";
    }
}
