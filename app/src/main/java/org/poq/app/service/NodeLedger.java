package org.poq.app.service;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.poq.core.AmountFormat;
import org.poq.core.TokenAmount;
import org.poq.network.chain.NetworkIdentity;
import org.poq.network.node.Participation;
import org.poq.network.node.ParticipationJournal;

/**
 * What a node has earned and lost, task by task, as its journal recorded the chain's Rewarded and
 * Penalized events (the node records them the moment it sees the task finalized). The one place the
 * Miner and Validator screens and {@code poq node --status} read it from (issue 26: slashes were
 * visible nowhere but in the chain's events).
 */
public final class NodeLedger {
    /** One node's records on one network: totals, and a line in words per task, newest first. */
    public record Summary(String node, String network, int tasks, BigInteger earnedWei, BigInteger lostWei,
                          List<String> lines, List<String> moneyLines) {
        /** "Earned 12 POQ and lost 20 POQ over 3 tasks", or that nothing was recorded yet. */
        public String headline() {
            if (tasks == 0) {
                return "No tasks recorded yet: nothing earned or lost";
            }
            return "Earned " + poq(earnedWei) + " and lost " + poq(lostWei) + " over " + tasks
                    + (tasks == 1 ? " task" : " tasks");
        }

        /** The newest reward or slash, in words with its task id and reason; empty before the first. */
        public Optional<String> latestMoney() {
            return moneyLines.stream().findFirst();
        }
    }

    private NodeLedger() {
    }

    /** The node's records on the network it is on now. */
    public static Summary read(ParticipationJournal journal, String node) {
        return of(node, journal.networkOf(node).map(NodeLedger::describe).orElse("no network entered yet"),
                journal.list(node));
    }

    /** Every node of this data folder, each with its records on the network it entered last. */
    public static List<Summary> all(ParticipationJournal journal) {
        List<Summary> out = new ArrayList<>();
        for (Map.Entry<String, String> n : journal.nodes().entrySet()) {
            out.add(of(n.getKey(), describe(n.getValue()), journal.list(n.getKey())));
        }
        return out;
    }

    static Summary of(String node, String network, List<Participation> records) {
        BigInteger earned = BigInteger.ZERO;
        BigInteger lost = BigInteger.ZERO;
        List<String> lines = new ArrayList<>();
        List<String> money = new ArrayList<>();
        for (Participation p : records) {
            String line = ParticipationLines.line(p.role().word(), p);
            lines.add(line);
            BigInteger reward = orZero(p.rewardWei());
            BigInteger slashed = orZero(p.slashedWei());
            earned = earned.add(reward);
            lost = lost.add(slashed);
            if (reward.signum() > 0 || slashed.signum() > 0) {
                money.add(line);
            }
        }
        return new Summary(node, network, records.size(), earned, lost, List.copyOf(lines), List.copyOf(money));
    }

    private static String describe(String networkKey) {
        return networkKey.isEmpty() ? "records from before networks were told apart"
                : NetworkIdentity.parse(networkKey).map(NetworkIdentity::toString).orElse(networkKey);
    }

    private static BigInteger orZero(BigInteger wei) {
        return wei == null ? BigInteger.ZERO : wei;
    }

    private static String poq(BigInteger wei) {
        return AmountFormat.of(TokenAmount.ofWei(wei), AmountFormat.POQ);
    }
}
