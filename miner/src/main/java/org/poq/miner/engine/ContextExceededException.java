package org.poq.miner.engine;

/** A prompt that leaves no room for an answer in the loaded context (a request that fits the context is never refused this way). */
public class ContextExceededException extends EngineException {
    /** How the worker's refusal begins, so that the engine can tell it from other errors across the process boundary. */
    public static final String PREFIX = "the prompt leaves no room for an answer in this node's context";

    public ContextExceededException(String message) {
        super(message);
    }

    static boolean is(String message) {
        return message != null && message.startsWith(PREFIX);
    }
}
