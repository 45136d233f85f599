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
    void agreeingHonestAnswersPassAnIsolatedFluentOneOfCloseRelevance() {
        int[] relevance = {8000, 8000, 8300};
        int[] out = scores(rule.apply(PROMPT, List.of(HONEST_1, HONEST_2, WRONG), relevance));
        assertThat(out[0]).isGreaterThan(out[2]);
        assertThat(out[1]).isGreaterThan(out[2]);
    }

    @Test
    void anAnswerNobodyAgreesWithKeepsItsRelevanceExactly() {
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
        // The copies only see the honest answer as another voice, as a single wrong answer would.
        List<AgreementRule.Outcome> alone = rule.apply(PROMPT, List.of(HONEST_1, WRONG), new int[] {8000, 8500});
        assertThat(out.get(1).score()).isEqualTo(alone.get(1).score());
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
