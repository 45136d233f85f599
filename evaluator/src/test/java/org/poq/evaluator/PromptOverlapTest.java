package org.poq.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The residual rule (version 2): only an echo of the prompt is removed, never the terms an answer must repeat. */
class PromptOverlapTest {
    @Test
    void anHonestAnswerKeepsTheNamesNumbersAndTheAskedTerm() {
        // Issue 23: version 1 removed "Ein", "Tag", "hat" and "Minuten" and left "1.440", which scored 1,798.
        PromptOverlap p = PromptOverlap.of("Wie viele Minuten hat ein Tag?");
        assertThat(p.residual("Ein Tag hat 1.440 Minuten (24 × 60).")).isEqualTo("Ein Tag hat 1.440 Minuten (24 × 60).");
        PromptOverlap capital = PromptOverlap.of("What is the capital of France?");
        assertThat(capital.residual("The capital of France is Paris.")).isEqualTo("The capital of France is Paris.");
    }

    @Test
    void attackAWrapperLosesTheEchoedPrompt() {
        PromptOverlap p = PromptOverlap.of("What is photosynthesis?");
        assertThat(p.residual("Here is what you need to know about: What is photosynthesis?")).isEqualTo("Here is what you need to know about: ?");
        assertThat(p.residual("What is photosynthesis? What is photosynthesis?")).isEqualTo("? ?");
        PromptOverlap tea = PromptOverlap.of("Как заварить чай?");
        assertThat(tea.residual("Хороший вопрос! Как заварить чай? Это важная тема.")).isEqualTo("Хороший вопрос! ? Это важная тема.");
    }

    @Test
    void anAnswerThatQuotesThePromptKeepsItsAnswer() {
        PromptOverlap p = PromptOverlap.of("Which planet has the shortest year in our solar system?");
        assertThat(p.residual("You asked: \"Which planet has the shortest year in our solar system?\" Mercury, 88 days."))
                .isEqualTo("You asked: \" ?\" Mercury, 88 days.");
    }
}
