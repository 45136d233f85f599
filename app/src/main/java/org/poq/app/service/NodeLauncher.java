package org.poq.app.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.poq.core.Closeables;
import org.poq.core.Sha256;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.evaluator.validator.ValidatorService;
import org.poq.network.NodeRole;
import org.poq.network.PoqNetwork;
import org.poq.network.node.AnswerAuditor;
import org.web3j.crypto.Credentials;

/**
 * Starts and stops this machine's miner and validator nodes, for the window, `poq node` and the demo
 * nodes alike, only through {@link org.poq.miner.service.MinerService} and {@link ValidatorService}:
 * so every face registers the same way (a known evaluator, re-registration when the declared model
 * or evaluator changed) and every validator refuses a task that names another evaluator. It knows
 * which nodes run, so a face can show each node's own account and ask before quitting.
 */
public final class NodeLauncher implements AutoCloseable {
    /** A node this launcher started, with what it is. */
    public record Started(NodeRole role, RunningNode node) {
        public String address() {
            return node.address();
        }
    }

    private final Database db;
    private final MinerNodes miners;
    private final ScorerSource scorers;
    private final List<Started> running = new CopyOnWriteArrayList<>();

    public NodeLauncher(Database db, MinerNodes miners, ScorerSource scorers) {
        this.db = db;
        this.miners = miners;
        this.scorers = scorers;
    }

    public MinerNodes miners() {
        return miners;
    }

    public ScorerSource scorers() {
        return scorers;
    }

    /** Registers the account as a miner of the setup's model if needed and starts it. Blocking. */
    public RunningNode startMiner(PoqNetwork network, Credentials credentials, MinerNodes.Setup setup) {
        return track(NodeRole.MINER, miners.start(network, credentials, db, setup));
    }

    /**
     * Registers the account as a validator of the evaluator if needed (the network must know it) and
     * starts it. Blocking: the evaluator is loaded first.
     */
    public RunningNode startValidator(PoqNetwork network, Credentials credentials, Sha256 evaluatorId, TokenAmount stake) {
        return validator(network, credentials, evaluatorId, stake, AnswerAuditor.NONE, () -> { });
    }

    /**
     * A validator that also audits by replay every answer of its tasks of the setup's family, on the family's
     * GGUF in an engine worker of its own (a {@link TaskAuditor}, docs/decisions/0043), stopped with the node;
     * {@code onAudit} hears each replay. Blocking: the audit model is loaded first, and a model that cannot be
     * loaded (no such file, a chat format PoQ cannot apply) is refused before anything registers. {@code poq
     * node --audit-model} and the Validator screen's audit model both start their validators here.
     */
    public RunningNode startAuditingValidator(PoqNetwork network, Credentials credentials, Sha256 evaluatorId,
                                              TokenAmount stake, TaskAuditor.Setup audit, Consumer<TaskAuditor.Done> onAudit) {
        TaskAuditor auditor = TaskAuditor.open(network, audit);
        try {
            auditor.onAudit(onAudit);
            return validator(network, credentials, evaluatorId, stake, auditor, auditor::close);
        } catch (RuntimeException e) {
            auditor.close();
            throw e;
        }
    }

    private RunningNode validator(PoqNetwork network, Credentials credentials, Sha256 evaluatorId, TokenAmount stake,
                                  AnswerAuditor auditor, Runnable afterStop) {
        ValidatorService service = ValidatorService.start(network, credentials, db, scorers.open(evaluatorId),
                ValidatorService.Config.of(stake).withAuditor(auditor));
        return track(NodeRole.VALIDATOR, new ParticipantNode(service.address(), service::onChange, service::onError,
                service::onStanding, listener -> { }, () -> {
                    try {
                        service.close();
                    } finally {
                        afterStop.run(); // the audit engine outlives no node that uses it
                    }
                }));
    }

    private RunningNode track(NodeRole role, RunningNode node) {
        Started[] self = new Started[1];
        RunningNode tracked = new ParticipantNode(node.address(), node::onChange, node::onError, node::onStanding, node::onTokens, () -> {
            running.remove(self[0]);
            node.close();
        });
        self[0] = new Started(role, tracked);
        running.add(self[0]);
        return tracked;
    }

    /** The nodes running now, oldest first. */
    public List<Started> running() {
        return List.copyOf(running);
    }

    /** Stops every node, then the engine and the evaluator they share. */
    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>();
        running.forEach(s -> all.add(s.node()));
        running.clear();
        all.add(miners);
        all.add(scorers);
        Closeables.closeAll(all);
    }
}
