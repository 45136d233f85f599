package org.poq.network.node;

/** A miner's job: answer the prompt (a llama.cpp model in the app, anything in tests). */
@FunctionalInterface
public interface MinerWork {
    String answer(TaskContext task) throws Exception;
}
