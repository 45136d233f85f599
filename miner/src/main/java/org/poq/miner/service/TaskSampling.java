package org.poq.miner.service;

import org.poq.miner.engine.sampling.SamplingSeed;
import org.poq.miner.engine.sampling.SamplingSettings;

/**
 * How a miner samples its answer to a task. The seed is keccak256(taskRandomness ‖ minerAddress):
 * fixed once the task is drawn, different for every miner (so a copied answer fails the replay), and
 * chosen by no one. Until protocol v3 puts a task's sampling settings and its own random value on
 * chain, the random value is the draw's seed (TaskState.seed, set by the draw, unknown before it) and
 * the settings are {@link SamplingSettings#taskDefaults}: temperature 0.8, top-k 40, top-p 0.95.
 */
public final class TaskSampling {
    private TaskSampling() {
    }

    public static SamplingSettings settings(byte[] taskRandomness, String minerAddress) {
        if (taskRandomness == null || taskRandomness.length != SamplingSeed.BYTES
                || java.util.Arrays.equals(taskRandomness, new byte[SamplingSeed.BYTES])) {
            throw new IllegalStateException("the task has no random value yet (it is not drawn), so its answer "
                    + "cannot be sampled verifiably");
        }
        return SamplingSettings.taskDefaults(SamplingSeed.forMiner(taskRandomness, minerAddress));
    }
}
