package org.poq.app.serve;

import org.poq.app.service.Problems;
import org.poq.app.service.QualityScores;
import org.poq.app.service.Refusal;
import org.poq.app.service.TaskProgress;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.poq.core.TaskId;
import org.poq.network.NetworkDescriptor;
import org.poq.network.NodeUnreachableException;
import org.poq.network.PoqNetworkException;
import org.poq.network.TaskRequest;
import org.poq.network.TaskView;
import org.poq.network.TransactionRevertedException;
import org.poq.network.devnet.LocalDevnet;
import org.poq.wallet.WalletLockedException;

/**
 * {@code POST /v1/chat/completions}: everything that can refuse a request is checked before the
 * wallet signs (the request, the model family and its eligible miners, the evaluator's validators,
 * the wallet lock, the balance, the spending limits); then one PoQ round runs and its best answers by
 * consensus (the top {@code n} at or above the quality floor) come back with the round's evidence.
 */
final class ChatCompletions {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;
    private static final long HEARTBEAT_SECONDS = 10;

    private final Rounds rounds;
    private final Signer signer;
    private final SpendLedger ledger;
    private final ServeConfig config;
    private final ScheduledExecutorService heartbeat;

    ChatCompletions(Rounds rounds, Signer signer, SpendLedger ledger, ServeConfig config, ScheduledExecutorService heartbeat) {
        this.rounds = rounds;
        this.signer = signer;
        this.ledger = ledger;
        this.config = config;
        this.heartbeat = heartbeat;
    }

    /** A request that passed every check, with its fee reserved against the spending limits. */
    record Prepared(ChatRequest request, SpendLedger.Reservation reservation, long created) {
        TaskRequest task() {
            return request.task();
        }
    }

    Prepared prepare(byte[] body) {
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
        return new Prepared(req, ledger.reserve(task.fee()), Instant.now().getEpochSecond());
    }

    private ApiError walletLocked() {
        return new ApiError(401, "invalid_request_error", "wallet_locked",
                null, "The wallet is locked, so the server cannot sign tasks. Unlock it: switch serving off and on again on the Settings screen "
                + "(it asks for the password), or restart poq serve. Nothing was signed or spent.", null);
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
            return f;
        } catch (WalletLockedException e) {
            ledger.release(p.reservation());
            throw walletLocked();
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
            throw new ApiError(504, "server_error", "round_timeout", null,
                    "Task " + e.id() + " did not finish within " + config.roundTimeout().toMinutes()
                            + " minutes and goes on on chain (the fee stays escrowed until it finishes; unspent parts are refunded). "
                            + "Follow it on the Ask screen; do not resend this request unless you mean to pay twice.", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "server_error", "server_stopping", null,
                    "The server is stopping; the task, if submitted, goes on on chain.", null);
        }
    }

    private void releaseUnlessSubmitted(Prepared p, AtomicBoolean submitted) {
        if (!submitted.get()) {
            ledger.release(p.reservation());
        }
    }

    /** The top n answers at or above the floor, or the error that says why there are none. */
    private List<TaskView.Answer> choose(Prepared p, Rounds.Finished f, List<ObjectNode> evidenceOut) {
        int floor = rounds.network().params() == null ? 0 : rounds.network().params().qualityFloor();
        List<TaskView.Answer> ranked = f.view().ranked();
        List<TaskView.Answer> chosen = new ArrayList<>(ranked.stream()
                .filter(a -> a.consensus() != null && a.consensus() >= floor).limit(p.request().n()).toList());
        ObjectNode evidence = Evidence.of(rounds.network(), signer.address(), p.task(), f, chosen);
        evidenceOut.add(evidence);
        TaskView v = f.view();
        String refund = v.expired() ? "task " + v.id() + " " + TaskProgress.finalLine(v)
                : v.refund().toPlainString() + " POQ of the " + v.fee().toPlainString() + " POQ fee was refunded (task " + v.id() + ")";
        if (ranked.isEmpty()) {
            throw new ApiError(504, "server_error", "deadline_passed", null,
                    "No miner revealed an answer before the deadline, so the round closed without one; " + refund
                            + ". Ask again, perhaps another model family.", evidence);
        }
        if (chosen.isEmpty()) {
            int best = ranked.get(0).consensus() == null ? 0 : ranked.get(0).consensus();
            throw new ApiError(422, "invalid_request_error", "below_quality_floor", null,
                    "No answer reached the quality floor: the best consensus score was " + QualityScores.format(best)
                            + " and the floor is " + QualityScores.format(floor)
                            + "; " + refund + ". Ask again with more miners (poq.k) or another model family.", evidence);
        }
        return chosen;
    }

    /** A whole chat.completion object. */
    ObjectNode complete(Prepared p, Timings t) {
        Rounds.Finished f = run(p, t, new Rounds.Listener() { });
        List<ObjectNode> evidence = new ArrayList<>();
        List<TaskView.Answer> chosen = choose(p, f, evidence);
        ObjectNode o = head(p, f.view().id(), "chat.completion");
        ArrayNode choices = o.putArray("choices");
        for (int i = 0; i < chosen.size(); i++) {
            ObjectNode c = choices.addObject();
            c.put("index", i);
            ObjectNode msg = c.putObject("message");
            msg.put("role", "assistant");
            msg.put("content", chosen.get(i).text());
            msg.putNull("refusal");
            c.putNull("logprobs");
            c.put("finish_reason", "stop");
        }
        o.set("poq", evidence.get(0));
        return o;
    }

    /** The same as server-sent events: phase comments while the round runs, then the answers and [DONE]. */
    void stream(Prepared p, SseStream sse, Timings t) {
        AtomicReference<String> phase = new AtomicReference<>("signing");
        AtomicReference<TaskId> task = new AtomicReference<>();
        ScheduledFuture<?> beat = heartbeat.scheduleAtFixedRate(() -> sse.comment("poq keep-alive"
                + (task.get() == null ? "" : " task=" + task.get().value()) + " phase=" + phase.get()),
                HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        try {
            Rounds.Finished f = run(p, t, new Rounds.Listener() {
                @Override
                public void signing() {
                    sse.comment("poq phase=signing");
                }

                @Override
                public void submitted(TaskId id) {
                    task.set(id);
                    phase.set("submitted");
                    sse.comment("poq task=" + id.value() + " phase=submitted");
                }

                @Override
                public void update(TaskView v) {
                    String line = progress(v);
                    if (!line.equals(phase.getAndSet(line))) {
                        sse.comment("poq task=" + v.id().value() + " phase=" + line);
                    }
                }
            });
            List<ObjectNode> evidence = new ArrayList<>();
            List<TaskView.Answer> chosen = choose(p, f, evidence);
            for (int i = 0; i < chosen.size(); i++) {
                sse.data(chunk(p, f.view().id(), i, delta("role", "assistant", "content", ""), null));
                for (String piece : pieces(chosen.get(i).text())) {
                    sse.data(chunk(p, f.view().id(), i, delta("content", piece), null));
                }
            }
            for (int i = 0; i < chosen.size(); i++) {
                ObjectNode last = chunk(p, f.view().id(), i, J.objectNode(), "stop");
                if (i == chosen.size() - 1) {
                    last.set("poq", evidence.get(0));
                }
                sse.data(last);
            }
            sse.done();
        } catch (ApiError e) {
            sse.data(e.toJson());
            sse.done();
        } finally {
            beat.cancel(false);
            t.answered();
        }
    }

    /** The stream's phase comment: "answer_commit answers_committed=2/3". */
    static String progress(TaskView v) {
        String phase = v.phase().name().toLowerCase();
        return v.progress().counted() ? phase + " " + v.progress().keyValue() : phase;
    }

    private ObjectNode head(Prepared p, TaskId id, String object) {
        ObjectNode o = J.objectNode();
        o.put("id", "chatcmpl-poq-" + rounds.network().chainId() + "-" + id.value());
        o.put("object", object);
        o.put("created", p.created());
        o.put("model", p.task().modelFamily());
        o.put("system_fingerprint", "poq-" + p.task().evaluatorId().hex().substring(0, 12));
        return o;
    }

    private ObjectNode chunk(Prepared p, TaskId id, int index, ObjectNode delta, String finish) {
        ObjectNode o = head(p, id, "chat.completion.chunk");
        ObjectNode c = o.putArray("choices").addObject();
        c.put("index", index);
        c.set("delta", delta);
        c.putNull("logprobs");
        if (finish == null) {
            c.putNull("finish_reason");
        } else {
            c.put("finish_reason", finish);
        }
        return o;
    }

    private static ObjectNode delta(String... kv) {
        ObjectNode d = J.objectNode();
        for (int i = 0; i < kv.length; i += 2) {
            d.put(kv[i], kv[i + 1]);
        }
        return d;
    }

    /** The revealed answer arrives whole; it is sent in word groups so clients render it as they do a stream. */
    static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (String word : text.split("(?<=\\s)")) {
            sb.append(word);
            if (sb.length() >= 24) {
                out.add(sb.toString());
                sb.setLength(0);
            }
        }
        if (sb.length() > 0 || out.isEmpty()) {
            out.add(sb.toString());
        }
        return out;
    }
}
