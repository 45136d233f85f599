package org.poq.app.gui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.poq.core.db.Database;
import org.poq.network.PoqSession;
import org.poq.network.node.ParticipantService;
import org.poq.network.node.ParticipationJournal;
import org.poq.network.testing.ProtocolFixture;

/** The fixture's registered miners and validators running whole rounds by themselves, with simple work. */
public final class RoundNodes implements AutoCloseable {
    private final Database db;
    private final List<ParticipantService> nodes = new ArrayList<>();

    public RoundNodes(ProtocolFixture f, Path dbFile, List<PoqSession> miners, List<PoqSession> validators) {
        db = Database.open(dbFile);
        ParticipationJournal journal = new ParticipationJournal(db);
        for (PoqSession s : miners) {
            nodes.add(ParticipantService.miner(f.network(), ProtocolFixture.credentialsOf(s.address()), journal,
                    TestContexts.ANSWER, ParticipantService.Options.defaults()).start());
        }
        for (PoqSession s : validators) {
            nodes.add(ParticipantService.validator(f.network(), ProtocolFixture.credentialsOf(s.address()), journal,
                    TestContexts.SCORE, ParticipantService.Options.defaults()).start());
        }
    }

    @Override
    public void close() {
        nodes.forEach(ParticipantService::close);
        db.close();
    }
}
