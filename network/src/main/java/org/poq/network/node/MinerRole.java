package org.poq.network.node;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.poq.core.TaskId;
import org.poq.network.Commitments;
import org.poq.network.NodeInfo;
import org.poq.network.NodeRole;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;
import org.poq.network.events.TaskPhase;
import org.poq.network.events.TaskEvent;

/** A miner: answers the prompt, commits to the answer, reveals it. */
final class MinerRole extends Role {
    private final MinerWork work;

    MinerRole(MinerWork work) {
        super(NodeRole.MINER, TaskPhase.ANSWER_COMMIT, TaskPhase.ANSWER_REVEAL);
        this.work = work;
    }

    @Override
    List<String> pick(List<String> miners, List<String> validators) {
        return miners;
    }

    @Override
    boolean serves(NodeInfo me, TaskEvent.Submitted task) {
        return me.role() == NodeRole.MINER && task.modelFamily().equals(me.modelFamily());
    }

    @Override
    Payload work(TaskContext task) throws Exception {
        MinerWork.Drawn drawn = work.drawn(task);
        String text = cut(drawn.text(), task.maxAnswerBytes());
        // a cut answer is still checked against its tokens as the engine cuts (AuditPolicy.textMatches)
        return Payload.Answer.of(new MinerWork.Drawn(text, drawn.tokens()));
    }

    @Override
    boolean stillCurrent(PoqNetwork network, TaskContext task) {
        return true; // a miner's work depends on the prompt alone, which a task never changes
    }

    @Override
    void commit(PoqSession session, TaskId id, Payload payload, byte[] salt) {
        session.commitAnswer(id, Commitments.answer(id, session.address(), answer(payload), salt));
    }

    @Override
    void reveal(PoqSession session, TaskId id, Payload payload, byte[] salt) {
        session.revealAnswer(id, answer(payload), ((Payload.Answer) payload).tokenArray(), salt);
    }

    @Override
    Integer consensus(TaskEvent.Finalized finalized, int selectedIndex) {
        return selectedIndex >= 0 && selectedIndex < finalized.consensus().size() ? finalized.consensus().get(selectedIndex) : null;
    }

    private static String answer(Payload payload) {
        return ((Payload.Answer) payload).text();
    }

    /** Cuts an answer to {@code maxBytes} of UTF-8 on a character boundary: a longer one would revert on reveal. */
    static String cut(String answer, int maxBytes) {
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return answer;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // do not split a multi-byte character
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
