package org.poq.network.node;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.poq.network.NodeRole;

/**
 * The journal's one encoding of a {@link Payload}: an answer as its text, scores as decimal numbers
 * joined by commas (the column's format since the first journal, so older records read the same).
 * Audits follow the scores after a '|'; an answer's drawn tokens precede its text between two
 * U+0001 marks (no older record starts with one).
 */
final class PayloadCodec {
    private PayloadCodec() {
    }

    static String encode(Payload payload) {
        if (payload instanceof Payload.Scores s) {
            String scores = joined(s.values());
            return s.audits().stream().allMatch(a -> a == 0) ? scores : scores + "|" + joined(s.audits());
        }
        if (payload instanceof Payload.Answer a) {
            boolean plain = a.tokens().isEmpty() && !a.text().startsWith(MARK);
            return plain ? a.text() : MARK + joined(a.tokens()) + MARK + a.text();
        }
        return null;
    }

    static Payload decode(NodeRole role, String column) {
        if (column == null) {
            return null; // a record made without work: a failure or a penalty for absence
        }
        if (role == NodeRole.VALIDATOR) {
            int bar = column.indexOf('|');
            return bar < 0 ? new Payload.Scores(ints(column))
                    : new Payload.Scores(ints(column.substring(0, bar)), ints(column.substring(bar + 1)));
        }
        int end = column.startsWith(MARK) ? column.indexOf(MARK, 1) : -1;
        return end < 0 ? new Payload.Answer(column)
                : new Payload.Answer(column.substring(end + 1), ints(column.substring(1, end)));
    }

    private static final String MARK = "\u0001";

    private static String joined(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static List<Integer> ints(String csv) {
        return csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).map(s -> Integer.valueOf(s.strip())).toList();
    }
}
