package org.poq.app.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.poq.core.Sha256;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;
import org.poq.network.ProtocolParams;
import org.poq.network.TaskRequest;
import org.poq.network.TaskState;
import org.poq.network.TaskTracker;
import org.poq.network.TaskView;
import org.poq.network.devnet.LocalDevnet;
import org.poq.network.node.ChainClock;
import org.web3j.crypto.Credentials;

/**
 * Asking the network, for every face (the Ask screen, {@code poq ask}, {@code poq task}, the
 * endpoint and the demo): the checks of a request ({@link #check}, a typed {@link Refusal}) with the
 * fee preview (balance, eligible nodes, liveness), the
 * submission, and following the task as {@link TaskView} snapshots, moving it past any deadline
 * nobody else acted on. Faces only render what it emits. Blocking calls: run them off a UI thread.
 */
public final class RequesterSession {
    /** The bounds the task market enforces, said in words before a transaction could be refused. */
    public static final int MAX_MINERS = 8;
    public static final int MAX_VALIDATORS = 15;
    /** Protocol v2: with fewer than three validators a lone or paired liar decides or splits the median. */
    public static final int MIN_VALIDATORS = 3;
    /** How many of a family's miners the context check reads one by one before it leaves the answer to the draw. */
    static final int CONTEXT_READ_CAP = 64;

    private final PoqNetwork network;

    public RequesterSession(PoqNetwork network) {
        this.network = network;
    }

    public PoqNetwork network() {
        return network;
    }

    /**
     * Every check of a request, in one place for every face (the Ask preview and submit, `poq ask`,
     * the endpoint, the demo): the market's bounds, the prompt's size, the protocol minimum fee, the
     * balance and the eligible miners and validators. Empty when the submit would be accepted.
     */
    public Optional<Refusal> check(String requester, TaskRequest r) {
        return examine(requester, r, chainReads()).refusal();
    }

    /**
     * What the checks read from the chain (who may take the task, how much context the miners hold, the
     * requester's balance): the chain's now ({@link #chainReads}), or a face's recent copy
     * ({@link #check(String, TaskRequest, CheckReads)}).
     */
    public interface CheckReads {
        int eligibleMiners(String family, String requester);

        OptionalInt contextTokens(String family, int k);

        int eligibleValidators(Sha256 evaluator, String requester);

        TokenAmount balance(String requester);
    }

    /** The chain as it is now (a read per call). */
    public CheckReads chainReads() {
        return new CheckReads() {
            @Override
            public int eligibleMiners(String family, String requester) {
                return network.eligibleMiners(family, requester);
            }

            @Override
            public OptionalInt contextTokens(String family, int k) {
                return RequesterSession.this.contextTokens(family, k);
            }

            @Override
            public int eligibleValidators(Sha256 evaluator, String requester) {
                return network.eligibleValidators(evaluator.bytes(), requester);
            }

            @Override
            public TokenAmount balance(String requester) {
                return network.poqBalance(requester);
            }
        };
    }

    /**
     * As {@link #check(String, TaskRequest)} with the chain's values taken from {@code reads} (the
     * endpoint's recent copy, so that a request does not wait for a dozen reads that change only with a
     * registration or a payment). A face that uses a copy must confirm a refusal with {@link #check(String,
     * TaskRequest)} before it answers with it; {@link #submit} checks on the chain again before signing.
     */
    public Optional<Refusal> check(String requester, TaskRequest r, CheckReads reads) {
        return examine(requester, r, reads).refusal();
    }

    /**
     * What needs no chain but the network's parameters: the prompt's size, k, m and max tokens within
     * the market's bounds, a fee above zero and at least the protocol minimum.
     */
    public Optional<Refusal> checkShape(TaskRequest r) {
        return checkShape(r, network.descriptor().params());
    }

    /**
     * {@link #checkShape(TaskRequest)} against known parameters (null where the network has not said
     * them: then only the bounds that hold everywhere), for a face that parses a request before it has a
     * session (the endpoint's body).
     */
    public static Optional<Refusal> checkShape(TaskRequest r, ProtocolParams p) {
        if (p != null && r.promptBytes() > p.maxPromptBytes()) {
            return Optional.of(new Refusal.PromptTooLong(r.promptBytes(), p.maxPromptBytes()));
        }
        Optional<Refusal> bounds = checkBounds(r);
        if (bounds.isPresent()) {
            return bounds;
        }
        if (p != null && r.maxTokens() > p.maxTokensLimit()) {
            return Optional.of(new Refusal.MaxTokensOutOfRange(r.maxTokens(), p.maxTokensLimit()));
        }
        if (p != null && r.fee().compareTo(p.minFee(r.k(), r.m())) < 0) {
            return Optional.of(new Refusal.FeeBelowProtocolMinimum(r.fee(), p.minFee(r.k(), r.m()), r.k(), r.m(),
                    p.minFeePerParticipant()));
        }
        return Optional.empty();
    }

    /**
     * The most tokens (prompt as declared, and answer) that {@code k} of the family's miners take: the k-th
     * largest context registered under protocol v3 (decision 0024), so the draw can find k miners for a
     * task within it. Empty where the family is too large to read member by member before paying; the
     * draw decides then, and a task it cannot serve is refunded in full.
     */
    public OptionalInt contextTokens(String family, int k) {
        return network.minerContexts(family, CONTEXT_READ_CAP)
                .filter(sizes -> sizes.size() >= k && k > 0)
                .map(sizes -> OptionalInt.of(sizes.get(k - 1)))
                .orElse(OptionalInt.empty());
    }

    /**
     * The bounds that hold on every network, checked before anything is reached (a face can refuse
     * `-k -1` before it connects): k, m, max tokens at least 1, a fee above zero.
     */
    public static Optional<Refusal> checkBounds(TaskRequest r) {
        return checkRound(r.k(), r.m(), r.maxTokens(), r.fee());
    }

    /**
     * {@link #checkBounds(TaskRequest)} for a round's settings before there is a prompt: the defaults a
     * server applies to every request (`poq serve`, the window's endpoint) are refused at its start.
     */
    public static Optional<Refusal> checkRound(int k, int m, int maxTokens, TokenAmount fee) {
        if (k < 1 || k > MAX_MINERS) {
            return Optional.of(new Refusal.MinersOutOfRange(k, 1, MAX_MINERS));
        }
        // protocol v3 refuses an even m: half of an even body could void a task (decision 0026)
        if (m < MIN_VALIDATORS || m > MAX_VALIDATORS || m % 2 == 0) {
            return Optional.of(new Refusal.ValidatorsOutOfRange(m, MIN_VALIDATORS, MAX_VALIDATORS));
        }
        if (maxTokens < 1) {
            return Optional.of(new Refusal.MaxTokensOutOfRange(maxTokens, 0));
        }
        if (fee.isZero()) {
            return Optional.of(new Refusal.FeeNotPositive());
        }
        return Optional.empty();
    }

    /** What the checks read from the chain, and the first refusal (if any): who can take the task before whether it can be paid. */
    private record Examined(TokenAmount balance, int miners, int validators, Optional<Refusal> refusal) {
    }

    private Examined examine(String requester, TaskRequest r, CheckReads reads) {
        Optional<Refusal> shape = checkShape(r);
        if (shape.isPresent()) {
            return new Examined(null, 0, 0, shape);
        }
        int miners = reads.eligibleMiners(r.modelFamily(), requester);
        if (miners < r.k()) {
            return new Examined(null, miners, 0, Optional.of(new Refusal.TooFewMiners(r.modelFamily(), miners, r.k())));
        }
        // the chain's draw counts the prompt as the submit declares it (one token per byte, never too few)
        TokenCount declared = new TokenCount(r.promptBytes(), false);
        OptionalInt context = reads.contextTokens(r.modelFamily(), r.k());
        if (context.isPresent() && declared.tokens() + r.maxTokens() > context.getAsInt()) {
            return new Examined(null, miners, 0,
                    Optional.of(new Refusal.BeyondContext(r.modelFamily(), declared, r.maxTokens(), context.getAsInt())));
        }
        int validators = reads.eligibleValidators(r.evaluatorId(), requester);
        if (validators < r.m()) {
            return new Examined(null, miners, validators,
                    Optional.of(new Refusal.TooFewValidators(r.evaluatorId(), validators, r.m())));
        }
        TokenAmount balance = reads.balance(requester);
        if (balance.compareTo(r.fee()) < 0) {
            return new Examined(balance, miners, validators,
                    Optional.of(new Refusal.InsufficientBalance(requester, r.fee(), balance)));
        }
        return new Examined(balance, miners, validators, Optional.empty());
    }

    /** Whether the session's network is the local devnet (where refusals for lack of nodes say how to start some). */
    public boolean localDevnet() {
        return LocalDevnet.isLocal(network.descriptor());
    }

    /** Throws the refusal, worded for the window and the command line. */
    public void refuse(Optional<Refusal> refusal) {
        if (refusal.isPresent()) {
            throw new RefusedException(refusal.get(), localDevnet());
        }
    }

    /**
     * What the task will cost and who can take it; throws {@link RefusedException} (in plain words)
     * when {@link #check} refuses the request.
     */
    public FeePreview preview(String requester, TaskRequest r) {
        Examined e = examine(requester, r, chainReads());
        refuse(e.refusal());
        ProtocolParams p = network.descriptor().params();
        return new FeePreview(r.fee(), e.balance(), e.miners(), e.validators(), p == null ? 600 : p.commitWindowSeconds(),
                Liveness.check(network, r.modelFamily(), r.evaluatorId().bytes()));
    }

    /**
     * Checks, signs and submits the task, then follows it. The returned handle has the task's id as soon
     * as the submission is mined; it draws the task (see {@link FollowedTask}) and keeps the key until it
     * is closed: past a deadline it signs the {@code advance} that moves the task on.
     */
    public FollowedTask submit(Credentials requester, TaskRequest r, TaskListener listener) {
        return submit(requester, r, r.fee(), listener);
    }

    /**
     * As {@link #submit(Credentials, TaskRequest, TaskListener)}, approving {@code approveUpTo} when the
     * market's allowance is short: an account that pays for many tasks approves once per budget.
     */
    public FollowedTask submit(Credentials requester, TaskRequest r, TokenAmount approveUpTo, TaskListener listener) {
        refuse(check(requester.getAddress(), r));
        long from = network.blockNumber() + 1;
        // the id comes back once the submission is mined (a stopped `poq ask` can name it)
        PoqSession session = network.session(requester);
        // the first draw step shares the submit's turn of the account's queue (v3 wants the draw within two
        // epochs of blocks); on a chain that mines by itself the FollowedTask takes the next steps
        TaskId id = session.submitTaskAndDraw(r, approveUpTo);
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

    /** The chain's clock ({@link ChainClock}), or this machine's while the chain cannot be read. */
    static Instant now(PoqNetwork network) {
        try {
            return new ChainClock(network).now();
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }

    /** How long until a deadline, for a face that prints it ("in 9 min 58 s"). */
    public static String until(Instant deadline, Instant now) {
        long s = Math.max(0, Duration.between(now, deadline).getSeconds());
        return s >= 60 ? "in " + s / 60 + " min " + s % 60 + " s" : "in " + s + " s";
    }
}
