package org.poq.wallet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.poq.wallet.InvalidInputException;
import org.web3j.crypto.Keys;
import org.web3j.crypto.MnemonicUtils;
import org.web3j.utils.Numeric;

class MnemonicsTest {
    static final String TEST_PHRASE = "test test test test test test test test test test test junk";

    private static String address(SeedPhrase p, String passphrase, int index) {
        byte[] seed = Mnemonics.seed(p, passphrase.toCharArray());
        return Keys.toChecksumAddress(Keys.getAddress(Bip44Derivation.derive(seed, index)));
    }

    @Test
    void theWellKnownTestPhraseGivesTheAddressesEveryWalletShows() {
        SeedPhrase p = Mnemonics.parse(TEST_PHRASE.toCharArray());
        assertThat(address(p, "", 0)).isEqualTo("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        assertThat(address(p, "", 1)).isEqualTo("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        assertThat(Bip44Derivation.path(3)).isEqualTo("m/44'/60'/0'/0/3");
    }

    @Test
    void seedMatchesTheBip39VectorWithPassphrase() {
        SeedPhrase p = Mnemonics.parse("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about".toCharArray());
        assertThat(Numeric.toHexStringNoPrefix(Mnemonics.seed(p, "TREZOR".toCharArray()))).isEqualTo(
                "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04");
    }

    @Test
    void aPassphraseGivesOtherAccounts() {
        SeedPhrase p = Mnemonics.parse(TEST_PHRASE.toCharArray());
        assertThat(address(p, "extra words", 0)).isNotEqualTo(address(p, "", 0));
    }

    @Test
    void generatedPhrasesAreValidForWeb3jTooAndRoundTrip() {
        for (int words : new int[]{12, 24}) {
            SeedPhrase p = Mnemonics.generate(words, new SecureRandom());
            String text = String.join(" ", p.words());
            assertThat(p.size()).isEqualTo(words);
            assertThat(MnemonicUtils.validateMnemonic(text)).isTrue();
            SeedPhrase again = Mnemonics.parse(("  " + text.toUpperCase().replace(" ", " \n ") + " ").toCharArray());
            assertThat(again.words()).isEqualTo(p.words());
            assertThat(Mnemonics.seed(again, new char[0])).isEqualTo(MnemonicUtils.generateSeed(text, ""));
        }
    }

    @Test
    void unknownWordWrongChecksumAndWrongLengthAreRejectedWithoutQuotingWords() {
        assertThatThrownBy(() -> Mnemonics.parse("test test test test test test test test test test test junkk".toCharArray()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("word 12").hasMessageNotContaining("junkk");
        assertThatThrownBy(() -> Mnemonics.parse("test test test test test test test test test test test test".toCharArray()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("checksum").hasMessageNotContaining("test test");
        assertThatThrownBy(() -> Mnemonics.parse("test test test".toCharArray()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("has 3");
        assertThatThrownBy(() -> Mnemonics.generate(13, new SecureRandom())).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void destroyWipesThePhrase() {
        SeedPhrase p = Mnemonics.parse(TEST_PHRASE.toCharArray());
        p.destroy();
        assertThat(p.isDestroyed()).isTrue();
        assertThatThrownBy(p::words).isInstanceOf(IllegalStateException.class);
        assertThat(p.toString()).doesNotContain("test");
    }

    /** Issue 27, item 9: the three check words were 6, 7 and 8, one glance at one line of the paper copy. */
    @Test
    void confirmationNeverAsksTwoNeighbouringWordsYetCanAskEveryWord() {
        SeedPhrase p = Mnemonics.parse(TEST_PHRASE.toCharArray());
        Set<Integer> asked = new TreeSet<>();
        for (int seed = 0; seed < 2_000; seed++) {
            List<Integer> pos = new SeedConfirmation(p, 3, new Random(seed)).positions();
            assertThat(pos).hasSize(3).isSorted();
            for (int i = 1; i < pos.size(); i++) {
                assertThat(pos.get(i) - pos.get(i - 1)).as("positions %s", pos).isGreaterThanOrEqualTo(2);
            }
            asked.addAll(pos);
        }
        assertThat(asked).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    @Test
    void wrongWordsAreNamedInWordsNotAsAJavaList() {
        assertThat(SeedConfirmation.mismatch(List.of(7))).isEqualTo("Word 7 does not match");
        assertThat(SeedConfirmation.mismatch(List.of(7, 11))).isEqualTo("Words 7 and 11 do not match");
        assertThat(SeedConfirmation.mismatch(List.of(2, 7, 11))).isEqualTo("Words 2, 7 and 11 do not match");
    }

    @Test
    void confirmationAsksDistinctPositionsAndChecksAnswers() {
        SeedPhrase p = Mnemonics.parse(TEST_PHRASE.toCharArray());
        SeedConfirmation c = new SeedConfirmation(p, 3, new Random(7));
        List<Integer> pos = c.positions();
        assertThat(pos).hasSize(3).doesNotHaveDuplicates().allMatch(i -> i >= 1 && i <= 12).isSorted();

        Map<Integer, char[]> wrong = new HashMap<>();
        pos.forEach(i -> wrong.put(i, "wrong".toCharArray()));
        assertThat(c.check(wrong)).containsExactlyElementsOf(pos);
        assertThat(c.isConfirmed()).isFalse();

        Map<Integer, char[]> right = new HashMap<>();
        pos.forEach(i -> right.put(i, (" " + p.word(i).toUpperCase() + " ").toCharArray()));
        assertThat(c.check(right)).isEmpty();
        assertThat(c.isConfirmed()).isTrue();
        assertThat(c.attempts()).isEqualTo(2);
        assertThatThrownBy(() -> c.check(Map.of())).isInstanceOf(InvalidInputException.class);
    }
}
