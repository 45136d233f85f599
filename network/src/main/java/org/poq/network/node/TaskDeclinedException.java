package org.poq.network.node;

/**
 * Work a node declines openly, before it could fail it: a prompt beyond its context, an answer it could
 * not finish before the commit deadline at its measured speed. The participant service records the
 * reason, reports the task as declined (not as an error) and never works on it again. Under protocol v2
 * a selected node that does not commit is still penalized as absent; protocol v3 lets the draw respect a
 * node's declared capacity, so that such a task does not reach it.
 */
public class TaskDeclinedException extends Exception {
    public TaskDeclinedException(String reason) {
        super(reason);
    }
}
