package org.poq.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.poq.core.Score;

/** The one score format every face uses (the one size format is core's ByteSizes, tested there). */
class FormatsTest {
    @Test
    void scoresAreTheProtocolsIntegerOutOfTenThousand() {
        assertThat(QualityScores.format(9829)).isEqualTo("9829/10000");
        assertThat(QualityScores.format(0)).isEqualTo("0/10000");
        assertThat(QualityScores.format(10_000)).isEqualTo("10000/10000");
        assertThat(QualityScores.format(new Score(563))).isEqualTo("563/10000");
        assertThat(QualityScores.format(-1)).as("no score yet").isEqualTo("-");
        assertThat(QualityScores.format((Integer) null)).isEqualTo("-");
        assertThat(QualityScores.format((Score) null)).isEqualTo("-");
    }
}
