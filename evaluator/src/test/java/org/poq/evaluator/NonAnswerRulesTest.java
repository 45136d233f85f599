package org.poq.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decision 0047's rules, judged by money: what the contract's payout rule ({@link MinerPayout}) gives each
 * answer of a task. No model: relevance scores are given, as a bi-encoder rates on-topic text (a topic-word
 * list scores as high as the honest answers).
 */
class NonAnswerRulesTest {
    private final AgreementRule rule = AgreementRule.standard();
    private final DegenerateGuard guard = DegenerateGuard.standard();

    private long[] shares(String prompt, List<String> answers, int... relevance) {
        int[] committed = rule.apply(prompt, answers, relevance).stream().mapToInt(AgreementRule.Outcome::score).toArray();
        List<Integer> scores = new ArrayList<>();
        for (int s : committed) {
            scores.add(s);
        }
        return MinerPayout.millionths(scores, MinerPayout.DEFAULT_QUALITY_FLOOR);
    }

    @Test
    void attackTopicWordListWhereHonestAnswersShareNoWordIsNotPaid() {
        // Two honest how-to answers in different words agree below 100 permille, so before 0047 nothing was
        // isolated and a topic-word list rated 8,100 took a third of the pot.
        String prompt = "How can I fall asleep faster?";
        String honest1 = "Air the bedroom, put the phone away an hour before bed and go to bed at the same time each night.";
        String honest2 = "Skip coffee in the evening, breathe slowly in a dark and quiet room.";
        String list = "sleep, night, rest, bed, health, tiredness, dreams";
        long[] share = shares(prompt, List.of(honest1, honest2, list), 7900, 7400, 8100);
        assertThat(share[2]).as("the topic-word list's share").isZero();
        assertThat(share[0] + share[1]).isBetween(MinerPayout.MILLION - 10, MinerPayout.MILLION);
    }

    @Test
    void attackTopicListPaddedWithThePromptsWordsIsStillAList() {
        String prompt = "Which planet has the shortest year in our solar system?";
        String list = "orbit, Sun, planets, astronomy, Kepler, days, revolution, ellipse, period";
        String padded = "so the shortest year in our solar system as it is: " + list + " and Which planet has the";
        assertThat(WordList.isBare(padded)).isFalse();
        assertThat(WordList.isBareBeside(padded, ContentWords.instructionKeys(PromptOverlap.of(prompt)))).isTrue();
        // Two colluders with differently padded copies, beside two honest answers that share only "88": nothing for the copies.
        String honest1 = "Mercury, whose trip around the Sun takes about 88 Earth days.";
        String honest2 = "It is Mercury: 88 days per revolution.";
        String padded2 = list + " Which planet has the shortest the and of year in our solar system";
        long[] share = shares(prompt, List.of(honest1, honest2, padded, padded2), 9400, 9400, 10000, 10000);
        assertThat(share[2] + share[3]).as("the colluders' share").isZero();
    }

    @Test
    void attackTopicListCannotIsolateAnHonestAnswerByAgreeingWithTheOther() {
        // The list shares "whiskers" and "tail" with one honest riddle: counted as corroboration, it would make the
        // two look like an agreeing majority and isolate the other honest riddle. A list nobody asked for is set aside first.
        String prompt = "Write a short riddle about a cat.";
        String honest1 = "Soft little paws with claws inside, it drinks milk and sings its songs.";
        String honest2 = "Whiskers and a tail, it purrs by the stove and catches mice. Who is it?";
        String list = "animal, pet, fur, tail, home, mouse, whiskers";
        long[] share = shares(prompt, List.of(honest1, honest2, list), 8500, 8000, 8400);
        assertThat(share[2]).isZero();
        assertThat(share[0]).as("the first honest riddle's share").isGreaterThan(MinerPayout.MILLION / 3);
        assertThat(share[0] + share[1]).isBetween(MinerPayout.MILLION - 10, MinerPayout.MILLION);
    }

    @Test
    void anHonestListIsPaidWhenThePromptAsksForOne() {
        String prompt = "Name the planets of the solar system in order from the Sun.";
        String list = "Mercury, Venus, Earth, Mars, Jupiter, Saturn, Uranus, Neptune";
        String other = "The eight planets: Mercury, Venus, Earth and Mars, then the giants Jupiter, Saturn, Uranus, Neptune.";
        long[] share = shares(prompt, List.of(list, other), 8000, 8200);
        assertThat(share[0]).isGreaterThan(MinerPayout.MILLION / 3);
        // The same list for a prompt that asks for no list is still paid when another answer gives the same items.
        String ingredients = "What do I need for pancakes?";
        long[] same = shares(ingredients, List.of("Flour, milk, eggs, butter, sugar, salt",
                "For pancakes whisk flour, milk and eggs, melt some butter for the pan; sugar and salt are optional."), 7000, 7500);
        assertThat(same[0]).isGreaterThan(MinerPayout.MILLION / 3);
        assertThat(ListRequest.asked("Cite trois couleurs primaires.")).isTrue();
        assertThat(ListRequest.asked("列出三种编程语言。")).isTrue();
        assertThat(ListRequest.asked("Wie viele Minuten hat ein Tag?")).isFalse();
    }

    @Test
    void attackAnAnswerInAnotherLanguageToAShortPromptIsCapped() {
        // Short prompts carry few function words; question words and marks (¿, ô, ß) tell their language now.
        assertThat(guard.check("Wann fiel die Berliner Mauer?", "El muro de Berlín cayó el 9 de noviembre de 1989.")).contains(Degeneracy.WRONG_LANGUAGE);
        assertThat(guard.check("Combien de côtés a un hexagone ?", "A hexagon has six sides, one more than a pentagon.")).contains(Degeneracy.WRONG_LANGUAGE);
        assertThat(guard.check("¿Cuántos continentes hay?", "There are seven continents in the most common model.")).contains(Degeneracy.WRONG_LANGUAGE);
        // Honest answers in the prompt's language, names in other languages among them, are left alone.
        assertThat(guard.check("Wann fiel die Berliner Mauer?", "Die Berliner Mauer fiel am 9. November 1989.")).isEmpty();
        assertThat(guard.check("¿Quién escribió Don Quijote?", "Lo escribió Miguel de Cervantes.")).isEmpty();
        assertThat(guard.check("Who wrote Les Misérables?", "Victor Hugo wrote it; it was published in 1862.")).isEmpty();
        assertThat(guard.check("Comment dit-on « merci » en allemand ?", "On dit « Danke » ou « Danke schön »."))
                .isEmpty();
    }
}
