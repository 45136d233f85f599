package org.poq.miner.engine;

/** The worker process died during a job (a native abort, for instance); the engine has restarted it. */
public class WorkerCrashedException extends EngineException {
    public WorkerCrashedException(String message) {
        super(message);
    }
}
