package org.poq.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The agreement signal on its own: integer rules over word sets, no model. */
class AgreementRuleTest {
    private final AgreementRule rule = AgreementRule.standard();
    private static final String PROMPT = "What is the capital of Australia?";
    private static final String HONEST_1 = "The capital of Australia is Canberra, a planned city opened in 1913.";
    private static final String HONEST_2 = "Canberra is Australia's capital; it was planned and became the seat of government in 1927.";
    private static final String WRONG = "The capital of Australia is Sydney, its largest and best-known city.";

    private static int[] scores(List<AgreementRule.Outcome> o) {
        return o.stream().mapToInt(AgreementRule.Outcome::score).toArray();
    }

    @Test
    void aFluentAnswerThatSharesNothingWithTwoAgreeingAnswersIsIsolatedAndNotPaid() {
        String wrong = "Sydney, the largest harbour metropolis, hosts parliament.";
        List<AgreementRule.Outcome> out = rule.apply(PROMPT, List.of(HONEST_1, HONEST_2, wrong), new int[] {8000, 8000, 8300});
        assertThat(out.get(2).isolated()).isTrue();
        assertThat(out.get(2).score()).isLessThan(3000);
        assertThat(out.get(0).score()).isGreaterThanOrEqualTo(8000);
        // A wrong answer that shares a word ("city") with one honest answer is not isolated: lexical agreement's limit.
        List<AgreementRule.Outcome> sharing = rule.apply(PROMPT, List.of(HONEST_1, HONEST_2, WRONG), new int[] {8000, 8000, 8300});
        assertThat(sharing.get(2).isolated()).isFalse();
        assertThat(sharing.get(2).support()).isZero();
    }

    @Test
    void withoutTwoAgreeingAnswersEveryAnswerKeepsItsRelevanceExactly() {
        int[] relevance = {7000, 6000, 900};
        List<AgreementRule.Outcome> out = rule.apply(PROMPT, List.of(HONEST_1, "Bananas are rich in potassium and fibre.",
                "Mount Everest is the tallest mountain."), relevance);
        assertThat(scores(out)).containsExactly(7000, 6000, 900);
        assertThat(out).allSatisfy(o -> assertThat(o.support()).isZero());
    }

    @Test
    void attackCopyCartelGainsNothingFromItsCopies() {
        // Three colluding miners reveal the same wrong answer (one with a word changed): one voice, no support.
        String copy = WRONG.replace("best-known", "best known");
        int[] relevance = {8000, 8500, 8500, 8500};
        List<AgreementRule.Outcome> out = rule.apply(PROMPT, List.of(HONEST_1, WRONG, WRONG, copy), relevance);
        assertThat(out.get(1).group()).isEqualTo(1);
        assertThat(out.get(2).group()).isEqualTo(1);
        assertThat(out.get(3).group()).isEqualTo(1);
        // The three copies share what the one answer would get: each a third, so paid by the square they weigh
        // a third of one answer together, and the honest answer keeps its own score.
        List<AgreementRule.Outcome> alone = rule.apply(PROMPT, List.of(HONEST_1, WRONG), new int[] {8000, 8500});
        assertThat(out.get(1).score()).isEqualTo(alone.get(1).score() / 3);
        assertThat(out.get(0).score()).isEqualTo(alone.get(0).score());
    }

    @Test
    void attackLowRelevanceAnswersNeitherVoteNorGetLifted() {
        // Off-topic filler stuffed with the honest answer's words: below the gate, it is not lifted and lifts nobody.
        String stuffed = "Canberra planned city government seat 1913 1927";
        int[] relevance = {8000, 2000};
        List<AgreementRule.Outcome> out = rule.apply(PROMPT, List.of(HONEST_1, stuffed), relevance);
        assertThat(scores(out)).containsExactly(8000, 2000);
    }

    @Test
    void withoutAnHonestMajorityTwoAnswersThatOnlyAgreeWithEachOtherKeepTheirOrder() {
        // Support is symmetric and the lift monotone in relevance: the mutual pair keeps relevance order.
        int[] relevance = {8200, 7900};
        int[] out = scores(rule.apply(PROMPT, List.of(HONEST_1, WRONG), relevance));
        assertThat(out[0]).isGreaterThan(out[1]);
    }

    private static final String MERCURY_PROMPT = "Which planet has the shortest year in our solar system?";
    private static final String MERCURY_1 = "Mercury has the shortest year: it orbits the Sun in about 88 Earth days.";
    private static final String MERCURY_2 = "It's Mercury, the innermost planet, which completes one revolution around the Sun in roughly 88 days.";
    private static final String TOPIC_LIST = "orbit, Sun, planets, astronomy, Kepler, days, revolution, ellipse, period";

    @Test
    void attackWrappedCopiesArePaddedUnderTheWordSetLineButAreOneGroupByContent() {
        // Issue 23: each copy padded with the prompt's words and function words keeps its word-set Jaccard
        // under 80%, but its content words are the same: one group, and the group shares one answer's score.
        String copy1 = "orbit sun planets astronomy kepler days revolution ellipse period which planet has the shortest the and of";
        String copy2 = "so the year in our solar system as it is: orbit, sun, planets, astronomy, kepler, days, revolution, ellipse, period";
        List<AgreementRule.Outcome> out = rule.apply(MERCURY_PROMPT, List.of(MERCURY_1, MERCURY_2, copy1, copy2), new int[] {8000, 8000, 9000, 9000});
        assertThat(out.get(2).group()).isEqualTo(2);
        assertThat(out.get(3).group()).isEqualTo(2);
        assertThat(out.get(3).copies()).isEqualTo(2);
        // Two copies weigh s²/2 together: the two honest answers take most of the pot.
        assertThat(out.get(2).score()).isLessThanOrEqualTo((9000 + 1500) / 2);
        long[] share = MinerPayout.millionths(List.of(out.get(0).score(), out.get(1).score(), out.get(2).score(), out.get(3).score()), 3000);
        assertThat(share[2] + share[3]).isLessThan(share[0] + share[1]);
    }

    @Test
    void aCopyGroupWeighsLessThanOneAnswerWhateverItsSize() {
        assertThat(AgreementRule.oneShare(9000, 1)).isEqualTo(9000);
        assertThat(AgreementRule.oneShare(9000, 2)).isEqualTo(4500);
        assertThat(AgreementRule.oneShare(9000, 3)).isEqualTo(3000);
        // Paid by the square: n copies of s weigh n (s/n)^2 = s^2/n, never more than the one answer.
        for (int n = 1; n <= 5; n++) {
            long x = AgreementRule.oneShare(9000, n);
            assertThat(n * x * x).isLessThanOrEqualTo(9000L * 9000L);
        }
    }

    @Test
    void attackOnePartnerBuysNoSupport() {
        // Two colluders word the same cheap content differently: each has one partner, so the second-best
        // group's agreement (its support) is what the honest answer gives it: nothing.
        String c1 = "Neptune: its year lasts 60 days, the shortest orbit.";
        String c2 = "The shortest orbit is Neptune's, 60 days per year.";
        List<AgreementRule.Outcome> out = rule.apply(MERCURY_PROMPT, List.of(c1, c2, "Bananas are rich in potassium."),
                new int[] {6000, 6000, 3500});
        assertThat(out.get(0).support()).isZero();
        assertThat(out.get(0).score()).isEqualTo(6000);
    }

    @Test
    void theLiftIsCappedAndNeverCarriesAnAnswerUnderTheGateOverIt() {
        AgreementRule r = AgreementRule.standard();
        String h3 = "Mercury: about 88 days around the Sun.";
        List<AgreementRule.Outcome> out = r.apply(MERCURY_PROMPT, List.of(MERCURY_1, MERCURY_2, h3, "Mercury, days: 88; the Sun is close."),
                new int[] {3000, 3000, 3000, 2999});
        assertThat(out.get(0).support()).isPositive();
        assertThat(out.get(0).score() - 3000).isPositive().isLessThanOrEqualTo(r.liftCap());
        assertThat(out.get(3).score()).isEqualTo(2999);
    }

    @Test
    void attackATopicWordListIsNoAnswerBesideAgreeingAnswers() {
        assertThat(WordList.isBare(TOPIC_LIST)).isTrue();
        assertThat(WordList.isBare("Red, orange and yellow are warm colours.")).isFalse();
        List<AgreementRule.Outcome> out = rule.apply(MERCURY_PROMPT, List.of(MERCURY_1, MERCURY_2, TOPIC_LIST), new int[] {8000, 8000, 9500});
        assertThat(out.get(2).isolated()).isTrue();
        assertThat(out.get(2).score()).isLessThan(3000);
        assertThat(out.get(0).score()).isGreaterThanOrEqualTo(8000);
        // An honest list that another answer gives too is an answer.
        String planets = "Mercury, Venus, Earth, Mars, Jupiter, Saturn, Uranus, Neptune";
        List<AgreementRule.Outcome> lists = rule.apply("Name the planets of the solar system.",
                List.of(planets, "The eight planets: Mercury, Venus, Earth, Mars, Jupiter, Saturn, Uranus, Neptune - Pluto is a dwarf now.",
                        TOPIC_LIST), new int[] {7000, 7000, 7000});
        assertThat(lists.get(0).isolated()).isFalse();
        assertThat(lists.get(2).isolated()).isTrue();
    }

    @Test
    void chineseAndJapaneseAreComparedByCharacterPairs() {
        assertThat(ContentWords.keys("水星绕太阳")).containsExactly("水星", "星绕", "绕太", "太阳");
        // Two hiragana are grammar, not content.
        assertThat(ContentWords.keys("富士山です")).contains("富士", "士山").doesNotContain("です");
    }

    @Test
    void sameInputsGiveSameIntegers() {
        int[] relevance = {8000, 8000, 8500};
        List<String> answers = List.of(HONEST_1, HONEST_2, WRONG);
        assertThat(rule.apply(PROMPT, answers, relevance)).isEqualTo(rule.apply(PROMPT, answers, relevance.clone()));
        assertThat(java.util.Arrays.stream(scores(rule.apply(PROMPT, answers, relevance))).allMatch(s -> s >= 0 && s <= 10000)).isTrue();
    }

    @Test
    void invalidParametersAreRefusedWithTheRange() {
        assertThatThrownBy(() -> new AgreementRule(10001, 80, 1000, 60, 1500, 200)).hasMessage("agreement gate must be in 1..10000: 10001");
        assertThatThrownBy(() -> new AgreementRule(3000, 0, 1000, 60, 1500, 200)).hasMessage("agreement duplicatePercent must be in 1..100: 0");
        assertThatThrownBy(() -> new AgreementRule(3000, 80, 1001, 60, 1500, 200)).hasMessage("agreement weightPermille must be in 0..1000: 1001");
        assertThatThrownBy(() -> rule.apply(PROMPT, List.of("a"), new int[0])).hasMessageContaining("one relevance score per answer");
    }
}
