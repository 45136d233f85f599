package org.poq.network.node;

import java.util.Arrays;
import java.util.List;

/**
 * What a node commits to and later reveals: a miner's answer or a validator's scores. Typed, so the
 * scores are never carried as text between the work, the commitment and the reveal; the journal's
 * {@link PayloadCodec} is the one place that turns them into a column and back.
 */
public sealed interface Payload permits Payload.Answer, Payload.Scores {

    /** A miner's answer, already cut to what the market accepts on reveal. */
    record Answer(String text) implements Payload {
        public Answer {
            if (text == null) {
                throw new IllegalArgumentException("an answer needs its text (it may be empty)");
            }
        }
    }

    /** A validator's scores, one in 0..10000 per selected miner. */
    record Scores(List<Integer> values) implements Payload {
        public Scores {
            values = List.copyOf(values);
        }

        public static Scores of(int[] scores) {
            return new Scores(Arrays.stream(scores).boxed().toList());
        }

        public int[] array() {
            return values.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
