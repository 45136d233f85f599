package org.poq.network.node;

/** A validator's job: one score in 0..10000 per selected miner (ignored where no answer was revealed). */
@FunctionalInterface
public interface ValidatorWork {
    int[] scores(TaskContext task) throws Exception;
}
