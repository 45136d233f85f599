package org.poq.network.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.core.testing.Await;
import org.poq.network.AnswerAudit;
import org.poq.network.events.Audit;
import org.poq.network.events.PenaltyReason;
import org.poq.network.PoqSession;
import org.poq.network.TaskTracker;
import org.poq.network.TaskView;
import org.poq.network.testing.ProtocolFixture;

/**
 * The node's side of proof of model on anvil: miners reveal the tokens they drew with their answers,
 * validator nodes receive them in their task context, audit every answer, journal the audits with
 * their scores, commit and reveal them under one commitment; the market slashes the miner whose answer
 * fails, and the requester's view says so per answer. The replay itself is the engine's (ReplayAuditTest;
 * the app's TaskAuditor runs it in the worker); here the auditor checks the revealed tokens against the
 * draw an honest miner makes, so the test is about what travels and what is paid.
 */
class AuditingNodesTest {
    static ProtocolFixture f;
    @TempDir
    Path dir;
    Database db;
    final List<ParticipantService> nodes = new ArrayList<>();

    static final String HONEST = "Paris is the capital of France.";
    static final int[] DRAWN = {12, 845, 9, 3001, 77, 16_500, 2, 90, 91, 92, 93, 94, 95, 96, 97, 98};
    static final String KEYWORDS = "Paris capital France Seine capital Paris";

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(3, 5);
    }

    @AfterAll
    static void stopChain() {
        f.close();
    }

    @AfterEach
    void stop() {
        nodes.forEach(ParticipantService::close);
        db.close();
    }

    @Test
    void aKeywordListIsFailedByAuditingValidatorsAndItsMinerSlashed() {
        db = Database.open(dir.resolve("node.db"));
        ParticipationJournal journal = new ParticipationJournal(db);
        var options = ParticipantService.Options.defaults();
        PoqSession cheat = f.miners().get(2);
        for (PoqSession m : f.miners()) {
            MinerWork work = m == cheat
                    ? MinerWork.ofDrawn(ctx -> new MinerWork.Drawn(KEYWORDS, new int[] {5, 6, 7, 8, 9, 10}))
                    : MinerWork.ofDrawn(ctx -> new MinerWork.Drawn(HONEST, DRAWN));
            nodes.add(ParticipantService.miner(f.network(), ProtocolFixture.credentialsOf(m.address()), journal, work, options).start());
        }
        ValidatorWork score = ctx -> ctx.answers().stream().mapToInt(a -> a == null ? 0 : 9000).toArray();
        // the replay's verdict: the revealed tokens are the seeded draw of the named model (here: DRAWN)
        AnswerAuditor replay = ctx -> {
            List<Audit> out = new ArrayList<>();
            for (int i = 0; i < ctx.answers().size(); i++) {
                out.add(ctx.answers().get(i) == null ? Audit.ABSTAIN : Arrays.equals(ctx.tokensOf(i), DRAWN)
                        ? new Audit(Audit.Verdict.PASS, 0) : new Audit(Audit.Verdict.FAIL, ctx.tokensOf(i).length));
            }
            return out;
        };
        for (PoqSession v : f.validators()) {
            nodes.add(ParticipantService.validator(f.network(), ProtocolFixture.credentialsOf(v.address()), journal, score,
                    replay, options).start());
        }
        TokenAmount before = f.network().poqBalance(cheat.address());
        long from = f.network().blockNumber() + 1;
        TaskId id = f.requester().submitTask(f.request(3, 5, TokenAmount.ofTokens(100)));
        Await.until("the task is finalized", Duration.ofSeconds(120), () -> f.network().task(id).isFinalized());
        Await.until("the cheat's node settles", Duration.ofSeconds(120), () -> journal.get(cheat.address(), id)
                .map(p -> p.state() == ParticipationState.FINISHED).orElse(false));

        assertThat(f.network().poqBalance(cheat.address())).as("the keyword list earned nothing").isEqualTo(before);
        assertThat(journal.get(cheat.address(), id).orElseThrow().slashedWei()).as("its miner was slashed").isPositive();
        String validator = f.network().task(id).validators().get(0);
        Payload.Scores journaled = (Payload.Scores) journal.get(validator, id).orElseThrow().payload();
        assertThat(journaled.audits()).as("the validator journals its audits with its scores").hasSize(3)
                .filteredOn(a -> Audit.decode(a).verdict() == Audit.Verdict.FAIL).hasSize(1);

        TaskView view = TaskTracker.replay(id, f.network().events(from, f.network().blockNumber()).stream()
                .filter(e -> e.taskId().equals(id)).toList());
        assertThat(view.penalties().entrySet()).anySatisfy(e -> {
            assertThat(e.getKey()).isEqualToIgnoringCase(cheat.address());
            assertThat(e.getValue()).isEqualTo(PenaltyReason.FAILED_AUDIT);
        });
        for (TaskView.Answer a : view.answers()) {
            boolean isCheat = a.miner().equalsIgnoreCase(cheat.address());
            assertThat(a.audit().outcome()).isEqualTo(isCheat ? AnswerAudit.Outcome.FAIL : AnswerAudit.Outcome.PASS);
            assertThat(a.audit().positions()).isEqualTo(isCheat ? 6 : DRAWN.length);
            if (isCheat) {
                assertThat(a.audit().describe()).contains("FAIL", "6 positions", "0 pass, 5 fail", "slashed");
                assertThat(a.reward()).isEqualTo(TokenAmount.ZERO);
            } else {
                assertThat(a.audit().describe()).contains("PASS", "16 positions", "5 pass");
                assertThat(a.reward()).isGreaterThan(TokenAmount.ZERO);
            }
        }
    }
}
