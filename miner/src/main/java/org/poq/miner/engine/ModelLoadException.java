package org.poq.miner.engine;

/** A model that could not be loaded; the message names the cause (from the file or from llama.cpp's log). */
public class ModelLoadException extends EngineException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
