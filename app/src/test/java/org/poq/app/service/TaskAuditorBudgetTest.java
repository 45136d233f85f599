package org.poq.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.miner.engine.EngineConfig;
import org.poq.miner.testmodels.AuditModels;
import org.poq.network.events.Audit;
import org.poq.network.TaskRequest;
import org.poq.network.node.ChainClock;
import org.poq.network.node.TaskContext;
import org.poq.network.testing.ProtocolFixture;

/**
 * A validator that volunteers audits never loses its commit to them: audits stop {@link TaskAuditor#RESERVE}
 * before the commit deadline and the answers left are abstained. Before the budget, a replay still running
 * at the deadline made the watchdog cancel the whole commit (scores included), and the validator was
 * penalised as absent. The same answer with time to spare is audited, which shows that the abstention
 * comes from the deadline and not from the answer.
 */
class TaskAuditorBudgetTest {
    @TempDir
    static Path dir;
    static ProtocolFixture f;
    static TaskAuditor auditor;
    static TaskId id;

    @BeforeAll
    static void start() throws Exception {
        f = ProtocolFixture.start(1, 3);
        Path gguf = AuditModels.write(dir, new AuditModels.Variant(AuditModels.Arch.LLAMA, 1, AuditModels.Quant.F32, false));
        auditor = TaskAuditor.open(f.network(), ProtocolFixture.FAMILY, gguf, EngineConfig.defaults(), 1);
        id = f.requester().submitTask(new TaskRequest("What is the capital of France?", ProtocolFixture.FAMILY,
                ProtocolFixture.EVALUATOR, 1, 3, 24, TokenAmount.ofTokens(30)));
    }

    @AfterAll
    static void stop() {
        auditor.close();
        f.close();
    }

    private static TaskContext task(Instant commitDeadline) {
        List<String> answers = List.of("Paris is the capital of France, on the Seine.", "Lyon, I think.");
        String miner = f.network().task(id).miners().get(0);
        return new TaskContext(id, "What is the capital of France?", ProtocolFixture.FAMILY, ProtocolFixture.EVALUATOR.bytes(),
                24, answers, commitDeadline, 4_096, List.of(miner, miner), List.of(new int[0], new int[0]));
    }

    @Test
    void answersWhoseAuditsCannotFinishBeforeTheCommitDeadlineAreAbstainedNotTheCommit() {
        Instant soon = new ChainClock(f.network()).now()
                .plus(TaskAuditor.RESERVE).minusMillis(500);
        List<Audit> audits = auditor.audit(task(soon));
        assertThat(audits).as("no audit fits before the deadline: every answer abstained, nothing thrown")
                .containsExactly(Audit.ABSTAIN, Audit.ABSTAIN);
    }

    @Test
    void theSameAnswersWithTimeToSpareAreAudited() {
        Instant later = new ChainClock(f.network()).now()
                .plusSeconds(600);
        List<Audit> audits = auditor.audit(task(later));
        assertThat(audits).hasSize(2).allSatisfy(a -> assertThat(a.verdict())
                .as("hand-written answers are replayed and fail").isEqualTo(Audit.Verdict.FAIL));
    }
}
