package org.poq.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every amount text the issue found in the app, written the one way (issue 27, item 10). */
class AmountFormatTest {
    @Test
    void gasFeesInTheNativeCoinShowSixDecimalsNotEighteen() {
        assertThat(AmountFormat.of(TokenAmount.parse("0.000066373813636182"), "ETH")).isEqualTo("0.000066 ETH");
        assertThat(AmountFormat.of(TokenAmount.parse("99.999937123"), "ETH")).isEqualTo("99.999937 ETH");
    }

    @Test
    void poqShowsFourDecimalsGroupedWithoutTrailingZeros() {
        assertThat(AmountFormat.of(TokenAmount.parse("10000"), "POQ")).isEqualTo("10,000 POQ");
        assertThat(AmountFormat.of(TokenAmount.parse("19950.0000"), "POQ")).isEqualTo("19,950 POQ");
        assertThat(AmountFormat.of(TokenAmount.parse("1000.00"), "POQ")).isEqualTo("1,000 POQ");
        assertThat(AmountFormat.of(TokenAmount.parse("10000000"), "POQ")).isEqualTo("10,000,000 POQ");
        assertThat(AmountFormat.of(TokenAmount.parse("1234.56789"), "POQ")).isEqualTo("1,234.5678 POQ");
    }

    @Test
    void aNonZeroAmountNeverReadsZeroAndZeroNeverHasASign() {
        assertThat(AmountFormat.of(TokenAmount.ofWei(7), "ETH")).isEqualTo("<0.000001 ETH");
        assertThat(AmountFormat.of(TokenAmount.ofWei(7), "POQ")).isEqualTo("<0.0001 POQ");
        assertThat(AmountFormat.signed(TokenAmount.ZERO, true, "ETH")).isEqualTo("0 ETH");
        assertThat(AmountFormat.signed(TokenAmount.parse("0.5"), true, "POQ")).isEqualTo("-0.5 POQ");
        assertThat(AmountFormat.signed(TokenAmount.parse("2"), false, "POQ")).isEqualTo("+2 POQ");
    }

    @Test
    void aMaximumRoundsUpSoAtMostStaysTrue() {
        assertThat(AmountFormat.atMost(TokenAmount.parse("0.0000663"), "ETH")).isEqualTo("0.000067 ETH");
        assertThat(AmountFormat.atMost(TokenAmount.ofWei(1), "ETH")).isEqualTo("0.000001 ETH");
    }

    @Test
    void theExactValueKeepsEveryDigitForTheTooltipAndTheClipboard() {
        TokenAmount a = TokenAmount.parse("12345.000066373813636182");
        assertThat(AmountFormat.exact(a)).isEqualTo("12345.000066373813636182");
        assertThat(TokenAmount.parse(AmountFormat.exact(a))).isEqualTo(a);
        assertThat(AmountFormat.exact(a, "ETH")).isEqualTo("12,345.000066373813636182 ETH");
    }
}
