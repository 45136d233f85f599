package org.poq.miner.service;

import java.math.BigInteger;
import org.poq.core.TaskId;
import org.poq.network.node.ParticipationState;

/**
 * A job receipt for the GUI: how the generation went and what the network made of it (quality score
 * received, reward, slash and its reason). Generation figures are null for a task the node missed.
 */
public record MinerJob(TaskId taskId, ParticipationState state, Integer promptTokens, Integer generatedTokens,
                       Long timeToFirstTokenMillis, Double tokensPerSecond, Integer qualityScore, BigInteger rewardWei,
                       BigInteger slashedWei, String penaltyReason, String note) {
}
