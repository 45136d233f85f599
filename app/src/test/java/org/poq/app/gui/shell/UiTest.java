package org.poq.app.gui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.poq.core.TokenAmount;

class UiTest {
    @Test
    void amountsGroupThousandsAndKeepTinyOnesVisible() {
        assertThat(Ui.amount(TokenAmount.parse("998599490"))).isEqualTo("998,599,490.0000");
        assertThat(Ui.amount(TokenAmount.parse("1234.56789"))).isEqualTo("1,234.5678");
        assertThat(Ui.amount(TokenAmount.parse("999.5"))).isEqualTo("999.5000");
        assertThat(Ui.amount(TokenAmount.ofWei(7))).isEqualTo("0.000000000000000007");
        assertThat(Ui.amount(TokenAmount.ZERO)).isEqualTo("0.0000");
        assertThat(Ui.grouped("-1000000.25")).isEqualTo("-1,000,000.25");
        assertThat(Ui.grouped("100")).isEqualTo("100");
    }
}
