package org.poq.app.serve;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.poq.app.service.Refusal;
import org.poq.core.Sha256;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.NetworkDescriptor;
import org.poq.network.TaskRequest;
import org.poq.network.TaskView;
import org.poq.network.events.TaskEvent;

/**
 * The requester's side of the network, as the endpoint needs it: what is served, the checks before
 * signing, and one round from submit to Finalized. {@link SessionRounds} puts the application layer's
 * requester session behind it; tests of the endpoint's own logic need nothing else.
 */
public interface Rounds {
    NetworkDescriptor network();

    /** Every model family with at least one registered miner, and how many of its miners the requester may be given. */
    Map<String, Integer> servedFamilies();

    int eligibleMiners(String family);

    /** The model ids (SHA-256 of the GGUF file) the family's registered miners declared. */
    Set<Sha256> modelIds(String family);

    int eligibleValidators(Sha256 evaluator);

    TokenAmount balance();

    /**
     * A height the chain has reached (it may be a recent copy, never a height ahead of the chain): where a
     * crashed process's submission is later looked for.
     */
    long blockNumber();

    /** A task as the chain records it now (finalized or not, its refund). */
    TaskView read(TaskId id);

    /**
     * The paying account's first task since {@code fromBlock} escrowing {@code fee} that is not in
     * {@code claimed}: the task a process submitted before it died without recording the id.
     */
    Optional<TaskId> submittedSince(long fromBlock, TokenAmount fee, Set<TaskId> claimed);

    /** The requester session's checks of the request for the paying account: empty when the submit would be accepted. */
    Optional<Refusal> check(TaskRequest request);

    /**
     * Signs and submits the task, then follows it (advancing it past missed deadlines) until it is
     * finalized or {@code timeout} passes. Throws the wallet's locked error when it may not sign.
     */
    Finished run(TaskRequest request, Listener listener, Duration timeout) throws InterruptedException, StillRunning;

    /**
     * Follows a task submitted earlier (by an earlier try of the same request) until it is finalized or
     * {@code timeout} passes, advancing it past missed deadlines as {@link #run} does; at once when it
     * is finalized already. Tells the listener {@code submitted} first.
     */
    Finished follow(TaskId id, Listener listener, Duration timeout) throws InterruptedException, StillRunning;

    /** Hears a round's progress; called on the round's threads. */
    interface Listener {
        /** Everything is checked; the wallet is about to sign. */
        default void signing() {
        }

        default void submitted(TaskId id) {
        }

        default void update(TaskView view) {
        }
    }

    /** A finished round: the requester's view and the chain's events of the task (with their transaction hashes). */
    record Finished(TaskView view, List<TaskEvent> events) {
    }

    /** The round did not finish in time; it goes on on chain. */
    final class StillRunning extends Exception {
        private final TaskId id;

        public StillRunning(TaskId id, TaskView last) {
            super("task " + id + " is still running (phase " + (last == null ? "submitted" : last.phase()) + ")", null, false, false);
            this.id = id;
        }

        public TaskId id() {
            return id;
        }
    }
}
