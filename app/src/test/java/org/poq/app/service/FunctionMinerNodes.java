package org.poq.app.service;

import org.poq.core.db.Database;
import org.poq.miner.service.MinerService;
import org.poq.network.PoqNetwork;
import org.poq.network.node.MinerWork;
import org.poq.network.node.ParticipantService;
import org.poq.network.node.ParticipationJournal;
import org.web3j.crypto.Credentials;

/**
 * Test miners whose answers come from a function instead of a GGUF model: they register exactly as
 * {@link MinerService} does and run on the same participant service; only the text generation differs.
 */
public final class FunctionMinerNodes implements MinerNodes {
    /** A function answers any prompt: it registers a context that holds every task the tests send. */
    static final int CONTEXT_TOKENS = 32_768;
    private final String name;
    private final MinerWork work;

    public FunctionMinerNodes(String name, MinerWork work) {
        this.name = name;
        this.work = work;
    }

    @Override
    public String describe(Setup setup) {
        return name;
    }

    @Override
    public RunningNode start(PoqNetwork network, Credentials credentials, Database db, Setup setup) {
        MinerService.ensureRegistered(network, credentials,
                MinerService.Config.of(setup.modelFamily(), setup.modelId(), setup.stake()), CONTEXT_TOKENS);
        ParticipantService s = ParticipantService.miner(network, credentials, new ParticipationJournal(db), work,
                ParticipantService.Options.defaults());
        return new ParticipantNode(s.start());
    }
}
