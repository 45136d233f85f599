package org.poq.network;

import org.poq.network.events.TaskPhase;
import java.time.Instant;
import java.util.List;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;

/** A task as the market stores it, read in one call. */
public record TaskState(TaskId id, String requester, TaskPhase phase, int k, int m, int answerCommits,
                        int answerReveals, int scoreCommits, int scoreReveals, Instant deadline, int maxTokens,
                        long submitBlock, byte[] evaluatorId, byte[] promptHash, byte[] seed, TokenAmount fee,
                        List<String> miners, List<String> validators, long targetBlock, long drawBlock) {
    /** The block whose hash draws the participants; they are known once it is mined and someone called draw(taskId). */
    public boolean isDrawn() {
        return phase != TaskPhase.DRAWING;
    }

    public boolean isFinalized() {
        return phase == TaskPhase.FINALIZED;
    }
}
