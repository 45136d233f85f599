package org.poq.network.node;

import java.util.List;
import org.poq.core.TaskId;
import org.poq.network.NodeInfo;
import org.poq.network.NodeRole;
import org.poq.network.PoqNetwork;
import org.poq.network.PoqSession;
import org.poq.network.events.TaskPhase;
import org.poq.network.TaskState;
import org.poq.network.events.TaskEvent;

/**
 * What differs between a miner and a validator node, and nothing else: where it is selected, its
 * phases, its work, its commitment and its reveal. {@link ParticipantService} runs the same
 * reconciliation for both through this strategy, so it never asks which role it plays.
 */
public abstract sealed class Role permits MinerRole, ValidatorRole {
    private final NodeRole kind;
    private final TaskPhase commitPhase;
    private final TaskPhase revealPhase;

    Role(NodeRole kind, TaskPhase commitPhase, TaskPhase revealPhase) {
        this.kind = kind;
        this.commitPhase = commitPhase;
        this.revealPhase = revealPhase;
    }

    public static Role miner(MinerWork work) {
        return new MinerRole(work);
    }

    public static Role validator(ValidatorWork work) {
        return new ValidatorRole(work, AnswerAuditor.NONE);
    }

    /** A validator that also audits the answers by replay (docs/decisions/0043). */
    public static Role validator(ValidatorWork work, AnswerAuditor auditor) {
        return new ValidatorRole(work, auditor);
    }

    /** The role as the registry and the journal name it. */
    public final NodeRole kind() {
        return kind;
    }

    public final TaskPhase commitPhase() {
        return commitPhase;
    }

    public final TaskPhase revealPhase() {
        return revealPhase;
    }

    /** The lower-case word for logs and thread names: "miner" or "validator". */
    public final String word() {
        return kind.word();
    }

    /** The nodes of this role the task drew. */
    public final List<String> selected(TaskState t) {
        return pick(t.miners(), t.validators());
    }

    /** Of a draw's miners and validators, the nodes of this role. */
    abstract List<String> pick(List<String> miners, List<String> validators);

    /** Whether a node registered as {@code me} is one this task may draw in this role (its family or evaluator). */
    abstract boolean serves(NodeInfo me, TaskEvent.Submitted task);

    /** Does the work: an answer or scores, ready to commit. */
    abstract Payload work(TaskContext task) throws Exception;

    /** Whether the chain still shows what the work was done on (a reorganisation may have changed it). */
    abstract boolean stillCurrent(PoqNetwork network, TaskContext task);

    abstract void commit(PoqSession session, TaskId id, Payload payload, byte[] salt);

    abstract void reveal(PoqSession session, TaskId id, Payload payload, byte[] salt);

    /** This node's consensus score from the finalization, for roles that are scored (else null). */
    abstract Integer consensus(TaskEvent.Finalized finalized, int selectedIndex);
}
