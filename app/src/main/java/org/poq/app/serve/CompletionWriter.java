package org.poq.app.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.poq.app.service.TaskProgress;
import org.poq.app.service.QualityScores;
import org.poq.app.service.QualityFloor;
import org.poq.app.service.TokenCount;
import org.poq.core.TaskId;
import org.poq.network.TaskView;

/**
 * A finished round as OpenAI's response: the top {@code n} answers at or above the quality floor, each
 * cut at the request's first {@code stop} sequence, {@code finish_reason "length"} when it filled
 * max_tokens, {@code usage} (the model's tokenizer when the node has it, else estimated: {@link ModelTokens}), and the {@code poq} evidence; whole,
 * or as server-sent events with keep-alive comments while the round runs.
 */
final class CompletionWriter {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;
    private static final long HEARTBEAT_SECONDS = 10;

    private final ChatCompletions chat;
    private final ScheduledExecutorService heartbeat;

    CompletionWriter(ChatCompletions chat, ScheduledExecutorService heartbeat) {
        this.chat = chat;
        this.heartbeat = heartbeat;
    }

    /** One returned choice: its text after {@code stop}, and why it ended. */
    record Choice(String text, String finish) {
    }

    /** The answer a round's choice becomes: cut at the earliest stop sequence, or "length" when it used max_tokens. */
    static Choice finish(String answer, List<String> stop, int maxTokens) {
        return finish(answer, stop, maxTokens, ModelTokens.ESTIMATED);
    }

    static Choice finish(String answer, List<String> stop, int maxTokens, ModelTokens.Counter tokens) {
        int cut = -1;
        for (String s : stop) {
            int at = answer.indexOf(s);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        if (cut >= 0) {
            return new Choice(answer.substring(0, cut), "stop");
        }
        return new Choice(answer, tokens.answer(answer).tokens() >= maxTokens ? "length" : "stop");
    }

    /** The top n answers at or above the floor, or the error that says why there are none. */
    private List<Choice> choose(ChatCompletions.Prepared p, Rounds.Finished f, List<ObjectNode> evidenceOut) {
        Rounds rounds = chat.rounds();
        int floor = QualityFloor.of(rounds.network());
        List<TaskView.Answer> ranked = f.view().ranked();
        List<TaskView.Answer> chosen = new ArrayList<>(QualityFloor.reached(f.view(), floor).stream().limit(p.request().n()).toList());
        ObjectNode evidence = Evidence.of(rounds.network(), chat.signer().address(), p.task(), f, chosen);
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
            throw new ApiError(422, "invalid_request_error", "below_quality_floor", null,
                    QualityFloor.belowFloor(v, floor) + "; " + refund + ". Ask again with more miners (poq.k) or another model family.", evidence);
        }
        ModelTokens.Counter tokens = chat.tokens(p.task().modelFamily());
        return chosen.stream().map(a -> finish(a.text(), p.request().stop(), p.task().maxTokens(), tokens)).toList();
    }

    /** A whole chat.completion object; a 503 when the server stops first. */
    ObjectNode complete(SharedRound r, CompletableFuture<Void> stopping) {
        ChatCompletions.Prepared p = SharedRound.await(r.prepared(), stopping);
        Rounds.Finished f = SharedRound.await(r.finished(), stopping);
        List<ObjectNode> evidence = new ArrayList<>();
        List<Choice> chosen = choose(p, f, evidence);
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
            c.put("finish_reason", chosen.get(i).finish());
        }
        o.set("usage", usage(p, chosen));
        o.set("poq", evidence.get(0));
        return o;
    }

    /** The same as server-sent events: phase comments while the round runs, then the answers and [DONE]. */
    void stream(SharedRound r, SseStream sse, CompletableFuture<Void> stopping) {
        AtomicReference<String> phase = new AtomicReference<>("signing");
        AtomicReference<TaskId> task = new AtomicReference<>();
        ScheduledFuture<?> beat = heartbeat.scheduleAtFixedRate(() -> sse.comment("poq keep-alive"
                + (task.get() == null ? "" : " task=" + task.get().value()) + " phase=" + phase.get()),
                HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        Rounds.Listener progress = new Rounds.Listener() {
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
        };
        sse.comment("poq phase=" + phase.get());
        r.listen(progress);
        try {
            ChatCompletions.Prepared p = SharedRound.await(r.prepared(), stopping);
            Rounds.Finished f = SharedRound.await(r.finished(), stopping);
            List<ObjectNode> evidence = new ArrayList<>();
            List<Choice> chosen = choose(p, f, evidence);
            boolean usage = p.request().includeUsage();
            for (int i = 0; i < chosen.size(); i++) {
                sse.data(chunk(p, f.view().id(), i, delta("role", "assistant", "content", ""), null, usage));
                for (String piece : pieces(chosen.get(i).text())) {
                    sse.data(chunk(p, f.view().id(), i, delta("content", piece), null, usage));
                }
            }
            for (int i = 0; i < chosen.size(); i++) {
                ObjectNode last = chunk(p, f.view().id(), i, J.objectNode(), chosen.get(i).finish(), usage);
                if (i == chosen.size() - 1) {
                    last.set("poq", evidence.get(0));
                }
                sse.data(last);
            }
            if (usage) {
                ObjectNode u = head(p, f.view().id(), "chat.completion.chunk");
                u.putArray("choices");
                u.set("usage", usage(p, chosen));
                sse.data(u);
            }
            sse.done();
        } catch (ApiError e) {
            sse.data(e.toJson());
            sse.done();
        } finally {
            r.unlisten(progress);
            beat.cancel(false);
        }
    }

    private ObjectNode usage(ChatCompletions.Prepared p, List<Choice> chosen) {
        ModelTokens.Counter tokens = chat.tokens(p.task().modelFamily());
        TokenCount prompt = tokens.prompt(p.task().prompt());
        int completion = chosen.stream().mapToInt(c -> tokens.answer(c.text()).tokens()).sum();
        ObjectNode u = J.objectNode();
        u.put("prompt_tokens", prompt.tokens());
        u.put("completion_tokens", completion);
        u.put("total_tokens", prompt.tokens() + completion);
        // exact with the model's tokenizer when this node has a miner's model file; otherwise estimates, and says so
        u.put("estimated", prompt.estimated());
        return u;
    }

    /** The stream's phase comment: "answer_commit answers_committed=2/3". */
    static String progress(TaskView v) {
        String phase = v.phase().name().toLowerCase();
        return v.progress().counted() ? phase + " " + v.progress().keyValue() : phase;
    }

    private ObjectNode head(ChatCompletions.Prepared p, TaskId id, String object) {
        ObjectNode o = J.objectNode();
        o.put("id", "chatcmpl-poq-" + chat.rounds().network().chainId() + "-" + id.value());
        o.put("object", object);
        o.put("created", p.created());
        o.put("model", p.task().modelFamily());
        o.put("system_fingerprint", "poq-" + p.task().evaluatorId().hex().substring(0, 12));
        return o;
    }

    private ObjectNode chunk(ChatCompletions.Prepared p, TaskId id, int index, ObjectNode delta, String finish, boolean usage) {
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
        if (usage) {
            o.putNull("usage");
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

    /** The revealed answer arrives whole; it is sent a word at a time so clients render it as they do a stream. */
    static List<String> pieces(String text) {
        List<String> out = new ArrayList<>(List.of(text.split("(?<=\\s)(?=\\S)")));
        if (out.isEmpty()) {
            out.add("");
        }
        return out;
    }
}
