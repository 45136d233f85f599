package org.poq.app.serve;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.poq.app.service.Problems;
import org.poq.app.service.Refusal;
import org.poq.app.service.RefusedException;
import org.poq.core.Sha256;
import org.poq.core.TaskId;
import org.poq.network.NetworkDescriptor;
import org.poq.network.chain.NodeUnreachableException;
import org.poq.network.chain.PoqNetworkException;
import org.poq.network.TaskRequest;
import org.poq.network.TaskView;
import org.poq.network.chain.TransactionRevertedException;
import org.poq.network.devnet.LocalDevnet;
import org.poq.wallet.WalletLockedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions}: everything that can refuse a request is checked before the
 * wallet signs (the request, the model family and its eligible miners, the evaluator's validators,
 * the wallet lock, the balance, the spending limits); then one PoQ round runs on its own thread,
 * shared with any retry of the same request ({@link InFlight}), and the spending ledger is settled
 * from the chain's refund. {@link CompletionWriter} shapes the answer.
 */
final class ChatCompletions {
    private static final Logger LOG = LoggerFactory.getLogger(ChatCompletions.class);

    private final Rounds rounds;
    private final Signer signer;
    private final SpendLedger ledger;
    private final ServeConfig config;
    private final ExecutorService roundThreads;
    private final InFlight inFlight;
    private final TokenCounters tokens;
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();

    ChatCompletions(Rounds rounds, Signer signer, SpendLedger ledger, ServeConfig config, ExecutorService roundThreads, ModelTokens tokens) {
        this.rounds = rounds;
        this.tokens = new TokenCounters(rounds, tokens, roundThreads);
        this.signer = signer;
        this.ledger = ledger;
        this.config = config;
        this.roundThreads = roundThreads;
        this.inFlight = new InFlight(config.roundTimeout(), Clock.systemUTC());
    }

    Rounds rounds() {
        return rounds;
    }

    Signer signer() {
        return signer;
    }

    /** How this family's tokens are counted: with a miner's model when this node has it, else estimated. */
    ModelTokens.Counter tokens(String family) {
        return tokens.get(family);
    }

    /**
     * The round this body asks for: the one a same-key (or, without a key, same-body) request is already
     * running or, for a retry, has just answered, in this process or (through the ledger's records) in
     * another or an earlier one on the data folder; or a new one, checked, reserved and started.
     * Refusals come out as ApiError before paying.
     */
    SharedRound start(byte[] body, String idempotencyKey, boolean retry, Timings t) {
        String hash = Sha256.of(body).hex();
        InFlight.Claim claim = inFlight.claim(idempotencyKey, hash, retry);
        SharedRound round = claim.round();
        if (claim.attached()) {
            return round;
        }
        String name = InFlight.claimOf(idempotencyKey, hash);
        SpendLedger.Claim durable;
        try {
            durable = claimDurably(name, hash, idempotencyKey != null, retry);
        } catch (RuntimeException e) {
            round.fail(e instanceof ApiError a ? a : checkFailed());
            throw e;
        }
        boolean follow = durable instanceof SpendLedger.Claim.Follow;
        Prepared p;
        try {
            p = follow ? new Prepared(ChatRequest.parse(body, config, rounds.network().params()), null, Instant.now().getEpochSecond(),
                    ((SpendLedger.Claim.Follow) durable).task()) : prepare(body, name);
        } catch (RuntimeException e) {
            if (!follow) {
                ledger.requestDropped(name); // before the round fails: a resend then never meets this row
            }
            round.fail(e instanceof ApiError a ? a : checkFailed());
            throw e;
        }
        round.prepared().complete(p);
        // before InFlight forgets the round (its completion runs last): a resend never meets a row about to be dropped
        round.finished().whenComplete((f, err) -> {
            if (round.paid()) {
                ledger.requestAnswered(name);
            } else {
                ledger.requestDropped(name);
            }
        });
        roundThreads.execute(() -> {
            try {
                round.finished().complete(p.followed() != null ? follow(p, round.fanOut()) : run(p, t, round.fanOut()));
            } catch (ApiError e) {
                round.finished().completeExceptionally(e);
            } catch (RuntimeException e) {
                LOG.debug("round failed", e);
                round.finished().completeExceptionally(new ApiError(500, "server_error", "internal_error", null,
                        "The round failed: " + Problems.describe(e) + ".", null));
            }
        });
        return round;
    }

    private static ApiError checkFailed() {
        return new ApiError(500, "server_error", "internal_error", null, "The request could not be checked.", null);
    }

    /**
     * The ledger's answer for this request, waiting while another live process is still checking or
     * signing it (a few seconds: its task id comes with the submit's receipt), and reconciling once with
     * the chain when a dead process left a reservation without a task id.
     */
    private SpendLedger.Claim claimDurably(String name, String hash, boolean keyed, boolean retry) {
        long waitUntil = System.nanoTime() + config.roundTimeout().toNanos();
        boolean reconciled = false;
        while (true) {
            SpendLedger.Claim c = ledger.claimRequest(name, hash, keyed, retry, config.roundTimeout());
            if (c instanceof SpendLedger.Claim.Orphaned) {
                if (reconciled) {
                    throw new ApiError(503, "server_error", "earlier_try_unsettled", null,
                            "An earlier try of this request was signed by a server that stopped, and the chain cannot tell yet "
                                    + "whether it was paid. Resend it in a minute; it will not be paid twice.", null);
                }
                reconcile();
                reconciled = true;
            } else if (c instanceof SpendLedger.Claim.Busy) {
                if (System.nanoTime() > waitUntil) {
                    throw new ApiError(409, "invalid_request_error", "request_in_progress", null,
                            "Another server on this data folder is still sending this request. Resend it later to get its answer.", null);
                }
                sleep();
            } else {
                return c;
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SharedRound.stoppingError();
        }
    }

    /**
     * A request that passed every check, with its fee reserved against the spending limits; or, with
     * {@code followed} set, a retry of a request whose task was already paid for (no reservation).
     */
    record Prepared(ChatRequest request, SpendLedger.Reservation reservation, long created, TaskId followed) {
        TaskRequest task() {
            return request.task();
        }
    }

    Prepared prepare(byte[] body, String claim) {
        NetworkDescriptor network = rounds.network();
        ChatRequest req = ChatRequest.parse(body, config, network.params());
        TaskRequest task = req.task();
        Optional<Refusal> refusal = rounds.check(task);
        if (refusal.isPresent() && !(refusal.get() instanceof Refusal.InsufficientBalance)) {
            throw RefusalErrors.of(refusal.get(), LocalDevnet.isLocal(network), rounds::servedFamilies);
        }
        if (!signer.canSign()) {
            throw walletLocked();
        }
        if (refusal.isPresent()) {
            throw RefusalErrors.of(refusal.get(), LocalDevnet.isLocal(network), rounds::servedFamilies);
        }
        return new Prepared(req, ledger.reserve(task.fee(), rounds.blockNumber(), claim), Instant.now().getEpochSecond(), null);
    }

    private ApiError walletLocked() {
        return new ApiError(401, "invalid_request_error", "wallet_locked",
                null, "The wallet is locked, so the server cannot sign tasks. Unlock it: switch serving off and on again on the Settings screen "
                + "(it asks for the password), or restart poq serve. Nothing was signed or spent.", null);
    }

    /**
     * Follows a task an earlier try of this request paid for (this server before a restart, or another on
     * the data folder) to its end; the ledger entry that paid for it is settled by {@link #reconcile}.
     */
    Rounds.Finished follow(Prepared p, Rounds.Listener progress) {
        try {
            tokens.prefetch(p.task().modelFamily());
            Rounds.Finished f = rounds.follow(p.followed(), progress, config.roundTimeout());
            reconcileSoon();
            return f;
        } catch (Rounds.StillRunning e) {
            throw stillRunning(e);
        } catch (WalletLockedException e) {
            throw walletLocked();
        } catch (PoqNetworkException e) {
            throw new ApiError(502, "server_error", "chain_error", null, "The chain failed while following task " + p.followed()
                    + ", which an earlier try of this request paid for: " + Problems.describe(e) + ". Resend the request to follow it again.", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SharedRound.stoppingError();
        }
    }

    private ApiError stillRunning(Rounds.StillRunning e) {
        return new ApiError(504, "server_error", "round_timeout", null,
                "Task " + e.id() + " did not finish within " + config.roundTimeout().toMinutes()
                        + " minutes and goes on on chain (the fee stays escrowed until it finishes; unspent parts are refunded). "
                        + "Follow it on the Ask screen; do not resend this request unless you mean to pay twice.", null);
    }

    /** Runs the round; every failure becomes an OpenAI-shaped error and the spending ledger is settled. */
    Rounds.Finished run(Prepared p, Timings t, Rounds.Listener progress) {
        AtomicBoolean submitted = new AtomicBoolean();
        Rounds.Listener listener = new Rounds.Listener() {
            @Override
            public void signing() {
                t.signing();
                progress.signing();
            }

            @Override
            public void submitted(TaskId id) {
                t.submitted();
                submitted.set(true);
                tokens.prefetch(p.task().modelFamily()); // while the round runs, not after it
                ledger.submitted(p.reservation(), id);
                progress.submitted(id);
            }

            @Override
            public void update(TaskView view) {
                if (view.finalized()) {
                    t.finalSeen();
                }
                progress.update(view);
            }
        };
        try {
            Rounds.Finished f = rounds.run(p.task(), listener, config.roundTimeout());
            t.finalSeen();
            ledger.refund(p.reservation(), f.view().refund());
            reconcileSoon();
            return f;
        } catch (WalletLockedException e) {
            ledger.release(p.reservation());
            throw walletLocked();
        } catch (RefusedException e) {
            // the requester session's check on the chain refused what the endpoint's recent copy let through
            // (a payment or a registration since): nothing was signed, and the refusal reads as an early one
            releaseUnlessSubmitted(p, submitted);
            throw RefusalErrors.of(e.refusal(), LocalDevnet.isLocal(rounds.network()), rounds::servedFamilies);
        } catch (IllegalArgumentException e) {
            // the requester session's own checks refused it (the network changed since ours): nothing was signed
            releaseUnlessSubmitted(p, submitted);
            throw ApiError.badRequest(null, "The task cannot be sent: " + Problems.describe(e));
        } catch (TransactionRevertedException e) {
            releaseUnlessSubmitted(p, submitted);
            throw new ApiError(400, "invalid_request_error", "network_refused", null,
                    "The network refused the task: " + e.reason() + ". Nothing was spent but gas.", null);
        } catch (NodeUnreachableException e) {
            releaseUnlessSubmitted(p, submitted);
            throw new ApiError(502, "server_error", "chain_unreachable", null,
                    "The chain's node does not answer (" + Problems.describe(e) + "). Check the network (Network screen or poq devnet status) and retry.",
                    null);
        } catch (PoqNetworkException e) {
            releaseUnlessSubmitted(p, submitted);
            throw new ApiError(502, "server_error", "chain_error", null, "The chain failed the round: " + Problems.describe(e), null);
        } catch (Rounds.StillRunning e) {
            ledger.leaveOpen(p.reservation());
            throw stillRunning(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            releaseUnlessSubmitted(p, submitted);
            throw SharedRound.stoppingError();
        }
    }

    /**
     * Reconciles on a round thread; rounds that end while one is queued share it (ten rounds ending
     * together took the ledger's lock ten times, in the way of the requests arriving).
     */
    private void reconcileSoon() {
        if (reconcileQueued.compareAndSet(false, true)) {
            roundThreads.execute(() -> {
                reconcileQueued.set(false); // a round ending from now on queues the next one
                reconcile();
            });
        }
    }

    /** Settles what the chain finished for rounds no live process follows (crashed ones, timed-out ones). */
    void reconcile() {
        try {
            SpendLedger.Reconciled r = ledger.reconcile(rounds);
            if (r.settled() + r.released() > 0) {
                LOG.info("spending ledger reconciled with the chain: {} task(s) settled, {} reservation(s) released, {} still running",
                        r.settled(), r.released(), r.running());
            }
        } catch (RuntimeException e) {
            LOG.warn("the spending ledger could not be reconciled with the chain now: {}", Problems.describe(e));
        }
    }

    private void releaseUnlessSubmitted(Prepared p, AtomicBoolean submitted) {
        if (!submitted.get()) {
            ledger.release(p.reservation());
        }
    }

}
