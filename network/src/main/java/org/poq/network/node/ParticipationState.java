package org.poq.network.node;

/** Where a node stands in one task. Each step is recorded before the next transaction is sent. */
public enum ParticipationState {
    /** the work is done and the payload and salt are on disk; the commit may or may not have been sent */
    PREPARED,
    /** the commitment is on chain */
    COMMITTED,
    /** the payload is revealed on chain */
    REVEALED,
    /** the task finished; reward and penalty are recorded */
    FINISHED,
    /** the node could not take part (work failed, or too late); the reason is recorded */
    FAILED
}
