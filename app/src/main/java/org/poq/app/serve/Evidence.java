package org.poq.app.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.poq.network.NetworkDescriptor;
import org.poq.network.TaskRequest;
import org.poq.network.TaskView;
import org.poq.network.events.TaskEvent;

/**
 * The {@code poq} object every response carries: which task on which chain, every answer's consensus
 * score and every validator's score (protocol units, 0..10000), what was paid and refunded, and the
 * transaction hash of each step, so anyone can check the answer against the chain.
 */
final class Evidence {
    private Evidence() {
    }

    static ObjectNode of(NetworkDescriptor network, String requester, TaskRequest request, Rounds.Finished round,
                         List<TaskView.Answer> chosen) {
        TaskView v = round.view();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("task_id", v.id().value().toString());
        o.put("chain_id", network.chainId());
        o.put("network", network.name());
        o.put("market", network.contracts().market());
        o.put("requester", requester);
        o.put("model_family", request.modelFamily());
        o.put("evaluator_id", request.evaluatorId().hex());
        o.put("k", request.k());
        o.put("m", request.m());
        o.put("max_tokens", request.maxTokens());
        o.put("score_scale", 10_000);
        if (network.params() != null) {
            o.put("quality_floor", network.params().qualityFloor());
        }
        ArrayNode answers = o.putArray("answers");
        for (TaskView.Answer a : v.ranked()) {
            ObjectNode n = answers.addObject();
            n.put("slot", a.index());
            int choice = chosen.indexOf(a);
            if (choice >= 0) {
                n.put("choice_index", choice);
            } else {
                n.putNull("choice_index");
            }
            n.put("miner", a.miner());
            if (a.consensus() == null) {
                n.putNull("consensus_score");
            } else {
                n.put("consensus_score", a.consensus());
            }
            ObjectNode scores = n.putObject("validator_scores");
            a.scoresByValidator().forEach(scores::put);
            n.put("reward", a.reward().toPlainString());
        }
        o.put("fee", v.fee().toPlainString());
        o.put("refund", v.refund().toPlainString());
        o.put("paid", v.fee().minus(v.refund()).toPlainString());
        ObjectNode rewards = o.putObject("rewards");
        v.rewards().forEach((node, amount) -> rewards.put(node, amount.toPlainString()));
        ObjectNode penalties = o.putObject("penalties");
        v.penalties().forEach((node, reason) -> penalties.put(node, reason.name().toLowerCase()));
        o.set("transactions", transactions(round.events()));
        return o;
    }

    /** One hash per step and participant; the finalize hash is the transaction that emitted Finalized. */
    private static ObjectNode transactions(List<TaskEvent> events) {
        ObjectNode t = JsonNodeFactory.instance.objectNode();
        ObjectNode answerCommits = JsonNodeFactory.instance.objectNode();
        ObjectNode answerReveals = JsonNodeFactory.instance.objectNode();
        ObjectNode scoreCommits = JsonNodeFactory.instance.objectNode();
        ObjectNode scoreReveals = JsonNodeFactory.instance.objectNode();
        for (TaskEvent e : events) {
            String hash = e.position().txHash();
            if (e instanceof TaskEvent.Submitted) {
                t.put("submit", hash);
            } else if (e instanceof TaskEvent.AnswerCommitted c) {
                answerCommits.put(c.miner(), hash);
            } else if (e instanceof TaskEvent.AnswerRevealed r) {
                answerReveals.put(r.miner(), hash);
            } else if (e instanceof TaskEvent.ScoresCommitted c) {
                scoreCommits.put(c.validator(), hash);
            } else if (e instanceof TaskEvent.ScoresRevealed r) {
                scoreReveals.put(r.validator(), hash);
            } else if (e instanceof TaskEvent.Finalized) {
                t.put("finalize", hash);
            }
        }
        t.set("answer_commits", answerCommits);
        t.set("answer_reveals", answerReveals);
        t.set("score_commits", scoreCommits);
        t.set("score_reveals", scoreReveals);
        return t;
    }
}
