package org.poq.network.node;

import java.math.BigInteger;
import org.poq.core.TaskId;
import org.poq.network.NodeRole;

/** One row of the journal: a node's part in a task, with what it earned or lost ({@code payload} null before the work). */
public record Participation(String node, TaskId taskId, NodeRole role, ParticipationState state, Payload payload,
                            byte[] salt, String note, BigInteger rewardWei, BigInteger slashedWei,
                            String penaltyReason, Integer consensus, long updatedAt) {
}
