package org.poq.miner.engine;

/** A failure of the inference engine, with a message meant for the user. */
public class EngineException extends RuntimeException {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
