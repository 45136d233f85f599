package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.service.TaskAuditor;
import org.poq.core.Sha256;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.core.testing.Await;
import org.poq.miner.engine.EngineConfig;
import org.poq.miner.engine.InferenceEngine;
import org.poq.miner.engine.LoadedModel;
import org.poq.miner.engine.ModelSpec;
import org.poq.miner.service.MinerService;
import org.poq.miner.testmodels.AuditModels;
import org.poq.network.PoqSession;
import org.poq.network.TaskRequest;
import org.poq.network.node.ParticipantService;
import org.poq.network.node.ParticipationJournal;
import org.poq.network.testing.ProtocolFixture;
import org.web3j.crypto.Credentials;

/**
 * Issue 29's end-to-end round on anvil, with real models: three miners of one family, one honest (the
 * family's GGUF, a project test model with random weights, drawn under its seed by MinerService), two
 * cheap (a keyword list; another weight set of the same shape under the family's name), and three
 * validators that hold the family's GGUF and audit every answer by replay in the miner engine's worker
 * (TaskAuditor). Only the honest miner is paid; the cheap ones are slashed; `poq task` says why.
 */
class ProofOfModelRoundTest {
    static ProtocolFixture f;
    @TempDir
    static Path dir;
    static final List<AutoCloseable> running = new ArrayList<>();
    static Path family;
    static Path otherWeights;

    @BeforeAll
    static void start() throws Exception {
        f = ProtocolFixture.start(3, 3);
        family = AuditModels.write(dir, new AuditModels.Variant(AuditModels.Arch.LLAMA, 1, AuditModels.Quant.F32, false));
        otherWeights = AuditModels.write(dir, new AuditModels.Variant(AuditModels.Arch.LLAMA, 2, AuditModels.Quant.F32, false));
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) running.get(i).close();
        f.close();
    }

    private static MinerService engineMiner(Database db, PoqSession account, Path gguf) throws Exception {
        InferenceEngine engine = new InferenceEngine(EngineConfig.defaults());
        running.add(engine);
        LoadedModel model = engine.load(ModelSpec.of(gguf).withContextSize(512).withThreads(1));
        Credentials c = ProtocolFixture.credentialsOf(account.address());
        MinerService m = MinerService.start(f.network(), c, db, engine, model,
                MinerService.Config.of(ProtocolFixture.FAMILY, Sha256.ofFile(gguf), TokenAmount.ofTokens(500)));
        running.add(m);
        return m;
    }

    @Test
    void onlyTheHonestMinerIsPaidAndTheCheapOnesAreSlashedAndPoqTaskSaysWhy() throws Exception {
        Database db = Database.open(dir.resolve("nodes.db"));
        running.add(db);
        ParticipationJournal journal = new ParticipationJournal(db);
        PoqSession honest = f.miners().get(0);
        PoqSession keywords = f.miners().get(1);
        PoqSession cheapWeights = f.miners().get(2);
        engineMiner(db, honest, family);
        engineMiner(db, cheapWeights, otherWeights);
        running.add(ParticipantService.miner(f.network(), ProtocolFixture.credentialsOf(keywords.address()), journal,
                task -> "capital france paris answer question quality model the of is", ParticipantService.Options.defaults()).start());
        // one replay engine for the three validators of this test (each still audits every answer itself)
        TaskAuditor auditor = TaskAuditor.open(f.network(), ProtocolFixture.FAMILY, family, EngineConfig.defaults(), 1);
        running.add(auditor);
        for (PoqSession v : f.validators()) {
            running.add(ParticipantService.validator(f.network(), ProtocolFixture.credentialsOf(v.address()), journal,
                    task -> task.answers().stream().mapToInt(a -> a == null ? 0 : 8000).toArray(), auditor,
                    ParticipantService.Options.defaults()).start());
        }
        Map<String, TokenAmount> before = new HashMap<>();
        Map<String, TokenAmount> stakeBefore = new HashMap<>();
        for (PoqSession m : f.miners()) {
            before.put(m.address(), f.network().poqBalance(m.address()));
            stakeBefore.put(m.address(), f.network().node(m.address()).stake());
        }
        TaskId id = f.requester().submitTask(new TaskRequest("What is the capital of France?", ProtocolFixture.FAMILY,
                ProtocolFixture.EVALUATOR, 3, 3, 24, TokenAmount.ofTokens(30)));
        Await.until("the audited round is finalized", Duration.ofSeconds(300), () -> f.network().task(id).isFinalized());

        assertThat(f.network().poqBalance(honest.address())).as("the honest miner is paid")
                .isGreaterThan(before.get(honest.address()));
        for (PoqSession cheap : List.of(keywords, cheapWeights)) {
            assertThat(f.network().poqBalance(cheap.address())).as("a cheap miner earns nothing")
                    .isEqualTo(before.get(cheap.address()));
            assertThat(f.network().node(cheap.address()).stake()).as("and is slashed")
                    .isLessThan(stakeBefore.get(cheap.address()));
        }
        assertThat(f.network().node(honest.address()).stake()).isEqualTo(stakeBefore.get(honest.address()));

        Path descriptor = dir.resolve("network.json");
        f.network().descriptor().write(descriptor);
        CliRun shown = CliRun.of("task", "--network", descriptor.toString(), id.value().toString());
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("audit: PASS").contains("audit: FAIL, the model the task names would not have drawn")
                .contains("Its miner earned nothing and was slashed");
        assertThat(shown.out().toLowerCase()).contains("penalized " + keywords.address().toLowerCase() + ": failed the audit")
                .contains("penalized " + cheapWeights.address().toLowerCase() + ": failed the audit");
    }
}
