package org.poq.app.service;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.PoqNetwork;
import org.poq.network.ProtocolParams;
import org.poq.network.TaskRequest;
import org.poq.network.TaskState;
import org.poq.network.TaskTracker;
import org.poq.network.TaskView;
import org.poq.network.devnet.LocalDevnet;
import org.web3j.crypto.Credentials;

/**
 * Asking the network, for every face (the Ask screen, {@code poq ask}, {@code poq task}, and any
 * later API): the checks of a request with the fee preview (balance, eligible nodes, liveness), the
 * submission, and following the task as {@link TaskView} snapshots, moving it past any deadline
 * nobody else acted on. Faces only render what it emits. Blocking calls: run them off a UI thread.
 */
public final class RequesterSession {
    /** The bounds the task market enforces, said in words before a transaction could be refused. */
    public static final int MAX_MINERS = 8;
    public static final int MAX_VALIDATORS = 15;
    /** Protocol v2: with fewer than three validators a lone or paired liar decides or splits the median. */
    public static final int MIN_VALIDATORS = 3;

    private final PoqNetwork network;

    public RequesterSession(PoqNetwork network) {
        this.network = network;
    }

    public PoqNetwork network() {
        return network;
    }

    /**
     * Checks what needs no chain: the prompt's size, k, m and max tokens within the market's bounds,
     * a fee above zero. Throws IllegalArgumentException with the reason in plain words.
     */
    public void checkShape(TaskRequest r) {
        ProtocolParams p = network.descriptor().params();
        if (p != null && r.promptBytes() > p.maxPromptBytes()) {
            throw new IllegalArgumentException("The prompt is too long: " + r.promptBytes() + " bytes, the network takes at most "
                    + p.maxPromptBytes() + ".");
        }
        checkBounds(r);
        if (p != null && r.maxTokens() > p.maxTokensLimit()) {
            throw new IllegalArgumentException("Max tokens must be between 1 and " + p.maxTokensLimit() + ".");
        }
    }

    /**
     * The bounds that hold on every network, checked before anything is reached (a face can refuse
     * `-k -1` before it connects): k, m, max tokens at least 1, a fee above zero.
     */
    public static void checkBounds(TaskRequest r) {
        if (r.k() < 1 || r.k() > MAX_MINERS) {
            throw new IllegalArgumentException("Ask between 1 and " + MAX_MINERS + " miners.");
        }
        if (r.m() < MIN_VALIDATORS || r.m() > MAX_VALIDATORS) {
            throw new IllegalArgumentException("Ask between " + MIN_VALIDATORS + " and " + MAX_VALIDATORS
                    + " validators: fewer cannot outvote a liar.");
        }
        if (r.maxTokens() < 1) {
            throw new IllegalArgumentException("Max tokens must be at least 1 (and at most the network's limit).");
        }
        if (r.fee().isZero()) {
            throw new IllegalArgumentException("The fee must be more than zero.");
        }
    }

    /**
     * What the task will cost and who can take it; throws IllegalArgumentException (in plain words)
     * when the balance or the eligible nodes fall short.
     */
    public FeePreview preview(String requester, TaskRequest r) {
        checkShape(r);
        TokenAmount balance = network.poqBalance(requester);
        if (balance.compareTo(r.fee()) < 0) {
            throw new IllegalArgumentException("Insufficient POQ: the fee is " + r.fee().toPlainString() + " POQ and the balance is "
                    + balance.format(4) + " POQ.");
        }
        int miners = network.eligibleMiners(r.modelFamily(), requester);
        int validators = network.eligibleValidators(r.evaluatorId().bytes(), requester);
        String onDevnet = LocalDevnet.isLocal(network.descriptor())
                ? " On the local devnet, the Network screen starts demo nodes." : "";
        if (miners < r.k()) {
            throw new IllegalArgumentException("Only " + miners + " miner(s) serve " + r.modelFamily() + "; ask for at most "
                    + miners + "." + onDevnet);
        }
        if (validators < r.m()) {
            throw new IllegalArgumentException("Only " + validators + " validator(s) run this evaluator; ask for at most "
                    + validators + "." + onDevnet);
        }
        ProtocolParams p = network.descriptor().params();
        return new FeePreview(r.fee(), balance, miners, validators, p == null ? 600 : p.commitWindowSeconds(),
                Liveness.check(network, r.modelFamily(), r.evaluatorId().bytes()));
    }

    /**
     * Checks, signs and submits the task, then follows it. The returned handle has the task's id as soon
     * as the submission is mined; it draws the task (see {@link FollowedTask}) and keeps the key until it
     * is closed: past a deadline it signs the {@code advance} that moves the task on.
     */
    public FollowedTask submit(Credentials requester, TaskRequest r, TaskListener listener) {
        preview(requester.getAddress(), r);
        long from = network.blockNumber() + 1;
        TaskId id = network.session(requester).submitTaskUndrawn(r);
        return FollowedTask.start(network, id, from, requester, listener, scheduler(id));
    }

    /**
     * Follows a task submitted earlier (by anyone). With {@code advancer} non-null that account moves
     * it past deadlines nobody acted on; with null the task is only watched.
     */
    public FollowedTask follow(TaskId id, Credentials advancer, TaskListener listener) {
        TaskState t = network.task(id);
        return FollowedTask.start(network, id, t.submitBlock(), advancer, listener, scheduler(id));
    }

    /** The task as the chain records it now: state, answers, scores and payments, in one log query. */
    public TaskView read(TaskId id) {
        TaskState t = network.task(id);
        return TaskTracker.replay(id, network.events(t.submitBlock(), network.blockNumber()));
    }

    private static ScheduledExecutorService scheduler(TaskId id) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "poq-task-" + id);
            th.setDaemon(true);
            return th;
        });
    }

    /**
     * The later of the wall clock and the newest block's time: on a chain that mines only on demand
     * the newest block can be old, and a test chain's clock can run ahead of the wall's.
     */
    static Instant now(PoqNetwork network) {
        Instant wall = Instant.now();
        try {
            Instant chain = network.latestBlockTime();
            return chain.isAfter(wall) ? chain : wall;
        } catch (RuntimeException e) {
            return wall;
        }
    }

    /** How long until a deadline, for a face that prints it ("in 9 min 58 s"). */
    public static String until(Instant deadline, Instant now) {
        long s = Math.max(0, Duration.between(now, deadline).getSeconds());
        return s >= 60 ? "in " + s / 60 + " min " + s % 60 + " s" : "in " + s + " s";
    }
}
