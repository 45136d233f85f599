package org.poq.network.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.poq.core.TaskId;
import org.poq.core.TokenAmount;
import org.poq.network.NodeRole;
import org.poq.network.node.Participation;
import org.poq.network.node.ParticipationState;

/** Counting journal records: once per step, whatever order and repetition the listener sees. */
class NodeMetricsTest {
    static final String NODE = "0xAbC0000000000000000000000000000000000001";

    static Participation record(long task, ParticipationState state, long at, BigInteger slashed) {
        return new Participation(NODE, new TaskId(BigInteger.valueOf(task)), NodeRole.VALIDATOR, state, "9000,1000,0",
                new byte[32], null, BigInteger.ZERO, slashed, slashed.signum() > 0 ? "scores far from consensus" : null, null, at);
    }

    @Test
    void repeatedAndLateNotificationsCountOnceAndSlashesAreInPoq() {
        NodeMetrics m = new NodeMetrics(() -> 0L);
        m.observe(record(1, ParticipationState.PREPARED, 1_000, BigInteger.ZERO));
        m.observe(record(1, ParticipationState.COMMITTED, 1_500, BigInteger.ZERO));
        m.observe(record(1, ParticipationState.COMMITTED, 1_600, BigInteger.ZERO));
        m.observe(record(1, ParticipationState.PREPARED, 1_000, BigInteger.ZERO));
        m.observe(record(1, ParticipationState.REVEALED, 4_500, BigInteger.ZERO));
        m.observe(record(1, ParticipationState.FINISHED, 5_000, TokenAmount.ofTokens(500).wei()));
        // a node restarted after its commit: its first record of task 2 is already REVEALED
        m.observe(record(2, ParticipationState.REVEALED, 9_000, BigInteger.ZERO));
        m.observe(record(3, ParticipationState.FAILED, 9_000, BigInteger.ZERO));
        m.observe(record(1, ParticipationState.FINISHED, 9_500, TokenAmount.ofTokens(500).wei()));
        String text = m.render();
        assertThat(text).contains("poq_tasks_seen_total{role=\"validator\"} 3\n")
                .contains("poq_tasks_committed_total{role=\"validator\"} 2\n")
                .contains("poq_tasks_revealed_total{role=\"validator\"} 2\n")
                .contains("poq_tasks_finished_total{role=\"validator\"} 1\n")
                .contains("poq_tasks_failed_total{role=\"validator\"} 1\n")
                .contains("poq_slashes_poq_total{role=\"validator\"} 500\n")
                .contains("poq_penalties_total{role=\"validator\"} 1\n")
                .contains("poq_commit_latency_seconds_count{role=\"validator\"} 1\n")
                .contains("poq_commit_latency_seconds_sum{role=\"validator\"} 0.5")
                .contains("poq_reveal_wait_seconds_sum{role=\"validator\"} 3\n")
                .contains("poq_scores_given_count{role=\"validator\"} 3\n")
                .contains("# TYPE poq_tokens_per_second gauge");
    }

    /** Issue 26: an absent miner's task stays FAILED when its penalty is recorded; the slash must still be counted. */
    @Test
    void aSlashRecordedOnAFailedTaskIsCountedOnceAsTheChainRecordedIt() {
        NodeMetrics m = new NodeMetrics(() -> 0L);
        m.observe(record(7, ParticipationState.FAILED, 1_000, BigInteger.ZERO));
        m.observe(record(7, ParticipationState.FAILED, 9_000, TokenAmount.ofTokens(20).wei()));
        m.observe(record(7, ParticipationState.FAILED, 9_500, TokenAmount.ofTokens(20).wei())); // a later reconcile
        assertThat(m.render()).contains("poq_tasks_failed_total{role=\"validator\"} 1\n")
                .contains("poq_slashes_poq_total{role=\"validator\"} 20\n")
                .contains("poq_penalties_total{role=\"validator\"} 1\n");
    }
}
