package org.poq.app.service;

import org.poq.network.TaskView;

/**
 * What a face hears about a followed task, on the follower's threads (hop to a UI thread before
 * touching widgets). Every update is a whole immutable snapshot: a listener can drop any of them.
 */
public interface TaskListener {
    /** The task as the chain now records it. */
    void update(TaskView view);

    /** Something went wrong while following (the chain did not answer); following goes on. */
    default void problem(String message) {
    }

    /** The requester moved the task past a deadline nobody else acted on (absent nodes). */
    default void advanced(TaskView before) {
    }
}
