package org.poq.network.node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.poq.core.TaskId;
import org.poq.network.events.Audit;
import org.poq.network.Commitments;
import org.poq.network.NodeInfo;
import org.poq.network.NodeRole;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;
import org.poq.network.events.TaskPhase;
import org.poq.network.TaskState;
import org.poq.network.events.TaskEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A validator: scores the revealed answers, commits to the scores, reveals them. */
final class ValidatorRole extends Role {
    private static final Logger LOG = LoggerFactory.getLogger(ValidatorRole.class);
    private final ValidatorWork work;
    private final AnswerAuditor auditor;

    ValidatorRole(ValidatorWork work, AnswerAuditor auditor) {
        super(NodeRole.VALIDATOR, TaskPhase.SCORE_COMMIT, TaskPhase.SCORE_REVEAL);
        this.work = work;
        this.auditor = auditor;
    }

    @Override
    List<String> pick(List<String> miners, List<String> validators) {
        return validators;
    }

    @Override
    boolean serves(NodeInfo me, TaskEvent.Submitted task) {
        return me.role() == NodeRole.VALIDATOR && Arrays.equals(task.evaluatorId(), me.evaluatorId());
    }

    @Override
    Payload work(TaskContext task) throws Exception {
        int[] scores = work.scores(task);
        List<Audit> audits = auditor.audit(task);
        if (audits.size() != scores.length) {
            throw new IllegalStateException("the auditor gave " + audits.size() + " audits for " + scores.length + " answers");
        }
        List<Integer> encoded = new ArrayList<>();
        for (int i = 0; i < audits.size(); i++) {
            encoded.add(task.answers().get(i) == null ? 0 : audits.get(i).encode()); // nothing revealed: nothing audited
        }
        return new Payload.Scores(Arrays.stream(scores).boxed().toList(), encoded);
    }

    /**
     * Scores must be given to the answers the chain holds: a reorganisation while the work ran may have
     * dropped a reveal the work saw, or the work may have read a node that had not seen one yet.
     */
    @Override
    boolean stillCurrent(PoqNetwork network, TaskContext task) {
        TaskState now = network.task(task.taskId());
        long seen = task.answers().stream().filter(Objects::nonNull).count();
        if (now.phase() != TaskPhase.SCORE_COMMIT || now.answerReveals() != seen) {
            LOG.warn("task {} changed on chain while it was scored ({} answers seen, {} on chain): scoring again",
                    task.taskId(), seen, now.answerReveals());
            return false;
        }
        return true;
    }

    @Override
    void commit(PoqSession session, TaskId id, Payload payload, byte[] salt) {
        Payload.Scores s = (Payload.Scores) payload;
        session.commitScores(id, Commitments.scores(id, session.address(), s.array(), s.auditArray(), salt));
    }

    @Override
    void reveal(PoqSession session, TaskId id, Payload payload, byte[] salt) {
        Payload.Scores s = (Payload.Scores) payload;
        session.revealScores(id, s.array(), s.auditArray(), salt);
    }

    @Override
    Integer consensus(TaskEvent.Finalized finalized, int selectedIndex) {
        return null; // validators are not given a consensus score
    }

}
