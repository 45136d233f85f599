package org.poq.app.gui.validator;

import org.poq.app.gui.shell.ParticipantNode;
import org.poq.app.gui.shell.Registration;
import org.poq.app.gui.shell.RunningNode;
import org.poq.core.db.Database;
import org.poq.network.PoqNetwork;
import org.poq.network.node.ParticipantService;
import org.poq.network.node.ParticipationJournal;
import org.poq.network.node.ValidatorWork;
import org.web3j.crypto.Credentials;

/** Validator nodes whose scores come from a function (tests, or a scorer adapted by the app). */
public class FunctionValidatorNodes implements ValidatorNodes {
    private final String name;
    private final ValidatorWork work;

    public FunctionValidatorNodes(String name, ValidatorWork work) {
        this.name = name;
        this.work = work;
    }

    @Override
    public String describe(Setup setup) {
        return name;
    }

    @Override
    public RunningNode start(PoqNetwork network, Credentials credentials, Database db, Setup setup) {
        Registration.ensureValidator(network, credentials, setup.evaluatorId(), setup.stake());
        ParticipantService s = ParticipantService.validator(network, credentials, new ParticipationJournal(db), work,
                ParticipantService.Options.defaults());
        return new ParticipantNode(s.start());
    }
}
