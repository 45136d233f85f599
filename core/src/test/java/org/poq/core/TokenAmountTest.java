package org.poq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class TokenAmountTest {
    @Test
    void parsesDecimalTokensToWei() {
        assertThat(TokenAmount.parse("12.5").wei()).isEqualTo(new BigInteger("12500000000000000000"));
        assertThat(TokenAmount.parse("0.000000000000000001").wei()).isEqualTo(BigInteger.ONE);
        assertThat(TokenAmount.ofTokens(3).toPlainString()).isEqualTo("3");
    }

    @Test
    void rejectsBadAmountsWithAClearMessage() {
        assertThatThrownBy(() -> TokenAmount.parse("-1")).hasMessageContaining("negative");
        assertThatThrownBy(() -> TokenAmount.parse("1.0000000000000000001")).hasMessageContaining("18 decimals");
        assertThatThrownBy(() -> TokenAmount.parse("abc")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> TokenAmount.parse(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> TokenAmount.ofTokens(1).minus(TokenAmount.ofTokens(2))).hasMessageContaining("negative");
    }

    @Test
    void formatsRoundingDown() {
        assertThat(TokenAmount.parse("1.23456").format(2)).isEqualTo("1.23");
    }

    @Test
    void scoreBoundsAndMapping() {
        assertThat(Score.ofProbability(0.5).value()).isEqualTo(5000);
        assertThat(Score.ofProbability(1.7).value()).isEqualTo(10000);
        assertThatThrownBy(() -> new Score(10001)).hasMessageContaining("0..10000");
        assertThatThrownBy(() -> Score.ofProbability(Double.NaN)).hasMessageContaining("NaN");
    }
}
