package org.poq.miner.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.TaskId;
import org.poq.core.db.Database;
import org.poq.miner.engine.GenerationResult;
import org.poq.miner.engine.StopReason;
import org.poq.network.chain.NetworkIdentity;
import org.poq.network.NodeRole;
import org.poq.network.node.ParticipationJournal;
import org.poq.network.node.Payload;

/**
 * Issue 28: the miner's own generation figures were keyed by node and task alone, so after a chain
 * reset the new task #1 showed the figures of the old chain's task #1. They now belong to a network
 * identity, as the journal's records do (decision 0036), in a real SQLite file.
 */
class MinerJobStoreTest {
    private static final String NODE = "0x00000000000000000000000000000000000000aa";
    private static final NetworkIdentity OLD = new NetworkIdentity(31337, "0x00000000000000000000000000000000000000bb", 1, "0x" + "11".repeat(32));
    private static final NetworkIdentity RESET = new NetworkIdentity(31337, "0x00000000000000000000000000000000000000bb", 1, "0x" + "22".repeat(32));

    @TempDir
    Path dir;

    @Test
    void aResetChainsTaskOneNeverShowsTheOldTaskOnesFigures() {
        try (Database db = Database.open(dir.resolve("node.db"))) {
            ParticipationJournal journal = new ParticipationJournal(db);
            MinerJobStore store = new MinerJobStore(db, journal);
            TaskId one = new TaskId(BigInteger.ONE);

            journal.enter(NODE, OLD);
            journal.prepare(NODE, one, NodeRole.MINER, new Payload.Answer("old"), new byte[32]);
            store.record(NODE, one, generation(40));
            assertThat(store.jobs(NODE)).singleElement().satisfies(j -> assertThat(j.generatedTokens()).isEqualTo(40));

            journal.enter(NODE, RESET);
            journal.prepare(NODE, one, NodeRole.MINER, new Payload.Answer("new"), new byte[32]);
            assertThat(store.jobs(NODE)).as("the new task #1 has no figures yet").singleElement()
                    .satisfies(j -> assertThat(j.generatedTokens()).isNull());
            store.record(NODE, one, generation(7));
            assertThat(store.jobs(NODE)).singleElement().satisfies(j -> assertThat(j.generatedTokens()).isEqualTo(7));

            journal.enter(NODE, OLD);
            assertThat(store.jobs(NODE)).as("the old figures are kept apart, not overwritten").singleElement()
                    .satisfies(j -> assertThat(j.generatedTokens()).isEqualTo(40));
        }
    }

    private static GenerationResult generation(int tokens) {
        return new GenerationResult("text", 12, tokens, Duration.ofMillis(50), Duration.ofMillis(400), StopReason.MAX_TOKENS);
    }
}
