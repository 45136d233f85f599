package org.poq.miner.engine;

/** The worker went silent past the hang timeout during a job; it was killed and restarted. */
public class WorkerHungException extends EngineException {
    public WorkerHungException(String message) {
        super(message);
    }
}
