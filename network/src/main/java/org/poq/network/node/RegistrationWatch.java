package org.poq.network.node;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.poq.core.AmountFormat;
import org.poq.network.NodeInfo;
import org.poq.network.NodeRole;
import org.poq.network.PoqNetwork;

/**
 * Whether the registry still draws this node (issue 28: "nodes never notice that they are no longer
 * registered"). Read at every resync: a node whose stake was unstaked or slashed below the minimum, or
 * whose address was registered for another role, model or evaluator by another program, says so once in
 * plain words and once more when it is drawn again. Tasks the chain already drew it into are still
 * finished: a draw reads the weights of the epoch before a change, and the stake that is left answers
 * for those tasks, so leaving them would burn it. No new draw reaches a node the registry does not
 * draw, so that is all it does until it is registered again.
 */
final class RegistrationWatch {
    static final String TOPIC = "registration";

    private final PoqNetwork network;
    private final String me;
    private final NodeRole role;
    private final StandingLines lines;
    /** The group the node was first seen drawn in (its model family or evaluator); null until then. */
    private byte[] group;

    RegistrationWatch(PoqNetwork network, String me, NodeRole role, StandingLines lines) {
        this.network = network;
        this.me = me;
        this.role = role;
        this.lines = lines;
    }

    /** Reads the registry once and tells the change of standing, if any (on the chain thread). */
    void check() {
        NodeInfo info = network.node(me);
        Optional<String> lost = lostBecause(info);
        if (lost.isPresent()) {
            lines.problem(TOPIC, role.word() + " " + me + " is no longer drawn for tasks: " + lost.get()
                    + ". It finishes the tasks it was already drawn into and takes no new ones; add stake or register "
                    + "again to serve");
        } else {
            lines.over(TOPIC, role.word() + " " + me + " is registered and drawn for tasks again (stake "
                    + AmountFormat.of(info.stake(), AmountFormat.POQ) + ")");
        }
    }

    private Optional<String> lostBecause(NodeInfo info) {
        if (info.role() == NodeRole.NONE) {
            return Optional.of("it is not registered in the registry");
        }
        if (info.role() != role) {
            return Optional.of("its address is registered as a " + info.role().word() + " now, not as a " + role.word());
        }
        if (group == null && info.weight().signum() > 0) {
            group = info.group().clone();
        }
        if (group != null && !Arrays.equals(group, info.group())) {
            return Optional.of(role == NodeRole.MINER
                    ? "its address is registered for the model family " + info.modelFamily() + " now"
                    : "its address is registered for another evaluator now");
        }
        if (info.weight().equals(BigInteger.ZERO)) {
            var min = network.minStake();
            return Optional.of(info.stake().compareTo(min) < 0
                    ? "its stake of " + AmountFormat.of(info.stake(), AmountFormat.POQ) + " is below the registry's minimum of "
                    + AmountFormat.of(min, AmountFormat.POQ) + " (unstaked or slashed)"
                    : "its weight in the draw is zero (its trust fell to nothing)");
        }
        return Optional.empty();
    }
}
