package org.poq.network.node;

import java.util.Arrays;
import java.util.List;

/**
 * What a node commits to and later reveals: a miner's answer or a validator's scores. Typed, so the
 * scores are never carried as text between the work, the commitment and the reveal; the journal's
 * {@link PayloadCodec} is the one place that turns them into a column and back.
 */
public sealed interface Payload permits Payload.Answer, Payload.Scores {

    /** A miner's answer, already cut to what the market accepts on reveal, and the token ids it drew (may be empty). */
    record Answer(String text, List<Integer> tokens) implements Payload {
        public Answer {
            if (text == null) {
                throw new IllegalArgumentException("an answer needs its text (it may be empty)");
            }
            tokens = List.copyOf(tokens);
        }

        public Answer(String text) {
            this(text, List.of());
        }

        public static Answer of(MinerWork.Drawn drawn) {
            return new Answer(drawn.text(), Arrays.stream(drawn.tokens()).boxed().toList());
        }

        public int[] tokenArray() {
            return tokens.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /**
     * A validator's scores, one in 0..10000 per selected miner, and its audits committed with them
     * ({@link org.poq.network.events.Audit#encode}: 0 abstains; empty: abstains from all).
     */
    record Scores(List<Integer> values, List<Integer> audits) implements Payload {
        public Scores {
            values = List.copyOf(values);
            audits = List.copyOf(audits);
        }

        public Scores(List<Integer> values) {
            this(values, List.of());
        }

        public static Scores of(int[] scores) {
            return new Scores(Arrays.stream(scores).boxed().toList());
        }

        public int[] array() {
            return values.stream().mapToInt(Integer::intValue).toArray();
        }

        /** One audit per score: the given ones, 0 (abstain) for the rest. */
        public int[] auditArray() {
            int[] out = new int[values.size()];
            for (int i = 0; i < out.length && i < audits.size(); i++) {
                out[i] = audits.get(i);
            }
            return out;
        }
    }
}
