package org.poq.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one size format every face, the downloader and the catalog use. */
class ByteSizesTest {
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
