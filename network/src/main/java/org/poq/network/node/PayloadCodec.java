package org.poq.network.node;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.poq.network.NodeRole;

/**
 * The journal's one encoding of a {@link Payload}: an answer as its text, scores as decimal numbers
 * joined by commas (the column's format since the first journal, so older records read the same).
 */
final class PayloadCodec {
    private PayloadCodec() {
    }

    static String encode(Payload payload) {
        if (payload instanceof Payload.Scores s) {
            return s.values().stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return payload instanceof Payload.Answer a ? a.text() : null;
    }

    static Payload decode(NodeRole role, String column) {
        if (column == null) {
            return null; // a record made without work: a failure or a penalty for absence
        }
        if (role == NodeRole.VALIDATOR) {
            return column.isBlank() ? new Payload.Scores(List.of())
                    : new Payload.Scores(Arrays.stream(column.split(",")).map(s -> Integer.valueOf(s.strip())).toList());
        }
        return new Payload.Answer(column);
    }
}
