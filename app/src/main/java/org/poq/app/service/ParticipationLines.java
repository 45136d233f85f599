package org.poq.app.service;

import java.math.BigInteger;
import java.util.Locale;
import org.poq.core.AmountFormat;
import org.poq.core.TokenAmount;
import org.poq.network.node.Participation;
import org.poq.network.node.ParticipationState;

/**
 * One line in words for a node's step in a task, as {@code poq node} prints it: the state, why a task was
 * declined or failed, and what the chain paid or slashed with its reason, the moment the node records it.
 */
public final class ParticipationLines {
    private ParticipationLines() {
    }

    public static String line(String role, Participation p) {
        StringBuilder b = new StringBuilder(role).append(" task ").append(p.taskId()).append(": ")
                .append(p.state().name().toLowerCase(Locale.ROOT));
        if (p.state() == ParticipationState.FAILED && p.note() != null && !p.note().isBlank()) {
            b.append(" (").append(p.note()).append(')');
        }
        if (positive(p.rewardWei())) {
            b.append(", reward ").append(AmountFormat.of(TokenAmount.ofWei(p.rewardWei()), AmountFormat.POQ));
        }
        if (positive(p.slashedWei())) {
            b.append(", slashed ").append(AmountFormat.of(TokenAmount.ofWei(p.slashedWei()), AmountFormat.POQ));
            if (p.penaltyReason() != null && !p.penaltyReason().isBlank()) {
                b.append(": ").append(p.penaltyReason());
            }
        }
        return b.toString();
    }

    private static boolean positive(BigInteger wei) {
        return wei != null && wei.signum() > 0;
    }
}
