package org.poq.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScoreHeadTest {
    @Test
    void plainSigmoidOfALogit() {
        ScoreHead h = ScoreHead.sigmoid();
        assertThat(h.apply(0.0).value()).isEqualTo(5000);
        assertThat(h.apply(2.0).value()).isEqualTo(8808); // 1/(1+e^-2) = 0.880797
        assertThat(h.apply(-2.0).value()).isEqualTo(1192);
        assertThat(h.apply(50).value()).isEqualTo(10000);
        assertThat(h.apply(-50).value()).isEqualTo(0);
    }

    @Test
    void calibratedHeadShiftsAndStretches() {
        ScoreHead h = new ScoreHead(ScoreHead.LOGISTIC, 8.0, -2.8);
        assertThat(h.apply(0.35).value()).isEqualTo(5000);
        assertThat(h.apply(0.6).value()).isEqualTo(8808);
        assertThat(h.apply(0.1).value()).isEqualTo(1192);
    }

    @Test
    void nanFromABrokenModelScoresZero() {
        assertThat(ScoreHead.sigmoid().apply(Double.NaN).value()).isZero();
    }

    @Test
    void invalidParametersAreRejected() {
        assertThatThrownBy(() -> new ScoreHead("sigmoid", 1, 0)).hasMessageContaining("logistic");
        assertThatThrownBy(() -> new ScoreHead("softmax", 1, 0)).hasMessageContaining("head class must be in 0..63");
        assertThatThrownBy(() -> new ScoreHead(ScoreHead.LOGISTIC, 0, 0)).hasMessageContaining("scale");
        assertThatThrownBy(() -> new ScoreHead(ScoreHead.LOGISTIC, Double.POSITIVE_INFINITY, 0)).hasMessageContaining("scale");
        assertThatThrownBy(() -> new ScoreHead(ScoreHead.LOGISTIC, 1, Double.NaN)).hasMessageContaining("bias");
    }
}
