package org.poq.miner.engine.llama;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.util.LinkedHashMap;
import java.util.Map;

/** A llama.h struct whose layout {@code LlamaLayoutTest} checks against the C compiler's. */
public abstract class LlamaStruct extends Structure {
    protected LlamaStruct() {
    }

    protected LlamaStruct(Pointer p) {
        super(p);
    }

    /** The C struct's name in llama.h. */
    public abstract String cName();

    /** Each field's byte offset, by its C name (the Java fields carry the C names). */
    public Map<String, Integer> offsets() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String name : getFieldOrder()) {
            out.put(name, fieldOffset(name));
        }
        return out;
    }
}
