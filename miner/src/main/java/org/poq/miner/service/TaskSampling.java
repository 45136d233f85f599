package org.poq.miner.service;

import java.util.Arrays;
import org.poq.miner.engine.sampling.SamplingSeed;
import org.poq.miner.engine.sampling.SamplingSettings;

/**
 * How a miner samples its answer to a task. The seed is the task market's
 * {@code samplingSeed(taskId, miner)} = keccak256(abi.encode(taskRandomness, miner)) (protocol v3;
 * {@link SamplingSeed#forMiner} computes the same): fixed once the task is drawn, different for every
 * miner (so a copied answer fails the replay), and chosen by no one. The settings are
 * {@link SamplingSettings#taskDefaults} (temperature 0.8, top-k 40, top-p 0.95) until the chain states a
 * task's own.
 */
public final class TaskSampling {
    private TaskSampling() {
    }

    /** The settings of a miner's answer under its on-chain sampling seed for the task. */
    public static SamplingSettings settings(byte[] minerSeed) {
        if (minerSeed == null || minerSeed.length != SamplingSeed.BYTES
                || Arrays.equals(minerSeed, new byte[SamplingSeed.BYTES])) {
            throw new IllegalStateException("the task has no random value yet (it is not drawn), so its answer "
                    + "cannot be sampled verifiably");
        }
        return SamplingSettings.taskDefaults(SamplingSeed.of(minerSeed));
    }
}
