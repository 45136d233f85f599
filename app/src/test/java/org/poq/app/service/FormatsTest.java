package org.poq.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.poq.core.Score;

/** The one score format and the one size format every face uses. */
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

    @Test
    void sizesAreBinaryUnitsWithOneDecimal() {
        assertThat(ByteSizes.format(512)).isEqualTo("512 B");
        assertThat(ByteSizes.format(3 * 1024 + 512)).isEqualTo("3.5 KiB");
        assertThat(ByteSizes.format(637_800_000L)).isEqualTo("608.3 MiB");
        assertThat(ByteSizes.format(4L << 30)).isEqualTo("4.0 GiB");
        assertThat(ByteSizes.format(-1)).isEqualTo("size unknown");
        assertThat(ByteSizes.mebibytes(5L << 20)).isEqualTo(5);
    }
}
