package org.poq.app.gui.miner;

import org.poq.app.gui.shell.ParticipantNode;
import org.poq.app.gui.shell.Registration;
import org.poq.app.gui.shell.RunningNode;
import org.poq.core.db.Database;
import org.poq.network.PoqNetwork;
import org.poq.network.node.MinerWork;
import org.poq.network.node.ParticipantService;
import org.poq.network.node.ParticipationJournal;
import org.web3j.crypto.Credentials;

/** Miner nodes whose answers come from a function (tests, demos without a model file). */
public final class FunctionMinerNodes implements MinerNodes {
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
        Registration.ensureMiner(network, credentials, setup.modelFamily(), setup.modelId(), setup.stake());
        ParticipantService s = ParticipantService.miner(network, credentials, new ParticipationJournal(db), work,
                ParticipantService.Options.defaults());
        return new ParticipantNode(s.start());
    }
}
