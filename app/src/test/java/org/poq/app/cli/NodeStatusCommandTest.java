package org.poq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.poq.app.gui.RoundNodes;
import org.poq.app.service.SlashedRounds;
import org.poq.core.AmountFormat;
import org.poq.core.AppPaths;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.core.db.Database;
import org.poq.core.testing.Await;
import org.poq.network.PoqSession;
import org.poq.network.ProtocolParams;
import org.poq.network.metrics.NodeMetrics;
import org.poq.network.node.ParticipantService;
import org.poq.network.node.ParticipationJournal;
import org.poq.network.node.ParticipationState;
import org.poq.network.testing.ProtocolFixture;

/**
 * Issue 26, "slashes are invisible": a miner that misses its answer deadline on anvil is slashed by the
 * chain; `poq node --status` then names the task, the amount and the reason in words, and the node's
 * Prometheus counter holds exactly what the chain's Penalized event took (not a journal's final state).
 */
@ExtendWith(TempPoqHome.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeStatusCommandTest {
    static ProtocolFixture f;
    static RoundNodes honest;

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(2, 3, ProtocolParams.defaults().withWindows(6, 6));
        honest = new RoundNodes(f, TempPoqHome.path().resolve("honest.db"), List.copyOf(f.miners()), List.copyOf(f.validators()));
    }

    @AfterAll
    static void stop() {
        honest.close();
        f.close();
    }

    @Test
    @Order(1)
    void beforeAnyNodeRanTheStatusSaysNothingWasEarnedOrLost() {
        CliRun empty = CliRun.of("node", "--status");
        assertThat(empty.exitCode()).isZero();
        assertThat(empty.out()).contains("nothing earned or lost");
    }

    @Test
    @Order(2)
    void aMinerThatMissesItsDeadlineSeesTheSlashWithItsTaskAndReasonAndTheCounterMatchesTheChain() {
        PoqSession late = f.addMiner(ProtocolFixture.FAMILY, ProtocolFixture.STAKE);
        NodeMetrics metrics = new NodeMetrics();
        TaskId id;
        try (Database db = Database.open(AppPaths.fromEnvironment().database())) {
            ParticipationJournal journal = new ParticipationJournal(db);
            try (ParticipantService node = ParticipantService.miner(f.network(), ProtocolFixture.credentialsOf(late.address()),
                    journal, SlashedRounds.MISSES_THE_DEADLINE, ParticipantService.Options.defaults()).start()) {
                metrics.watch(node::onChange);
                id = f.requester().submitTask(f.request(3, 3, TokenAmount.ofTokens(30)));
                assertThat(f.network().task(id).miners()).contains(late.address()); // k = 3 of 3 miners
                SlashedRounds.finalize(f, id);
                Await.until("the node records the chain's slash", Duration.ofMinutes(1), () -> journal.get(late.address(), id)
                        .map(p -> p.slashedWei().signum() > 0).orElse(false));
                assertThat(journal.get(late.address(), id).orElseThrow().state()).isEqualTo(ParticipationState.FAILED);
            }
        }
        BigInteger slashed = SlashedRounds.slashedOnChain(f, id, late.address());
        assertThat(slashed).as("the chain slashed the absent miner").isPositive();

        // the counter follows the chain's Penalized event, for a task the node never finished
        String text = metrics.render();
        assertThat(counter(text, "poq_slashes_poq_total{role=\"miner\"}"))
                .isEqualByComparingTo(new BigDecimal(slashed).movePointLeft(18));
        assertThat(counter(text, "poq_penalties_total{role=\"miner\"}")).isEqualByComparingTo(BigDecimal.ONE);

        CliRun status = CliRun.of("node", "--status");
        assertThat(status.exitCode()).as(status.err()).isZero();
        String amount = AmountFormat.of(TokenAmount.ofWei(slashed), AmountFormat.POQ);
        assertThat(status.out())
                .contains("node " + late.address().toLowerCase())
                .contains("Earned 0 POQ and lost " + amount + " over 1 task")
                .contains("miner task " + id + ": failed (")
                .contains("slashed " + amount + ": selected but did not take part");
        assertThat(status.out()).doesNotContain("null").doesNotContain("Exception");
    }

    private static BigDecimal counter(String text, String name) {
        return text.lines().filter(l -> l.startsWith(name + " ")).map(l -> new BigDecimal(l.substring(name.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " is not in the metrics:\n" + text));
    }
}
