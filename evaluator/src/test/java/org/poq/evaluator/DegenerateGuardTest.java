package org.poq.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.poq.core.Score;

class DegenerateGuardTest {
    private final DegenerateGuard guard = DegenerateGuard.standard();
    private static final String PROMPT = "Explain why the sky appears blue during the day.";

    @Test
    void soundAnswersPass() {
        assertThat(guard.check(PROMPT, "Sunlight is scattered by air molecules, and shorter blue wavelengths scatter far more "
                + "than red ones (Rayleigh scattering), so blue light reaches our eyes from every part of the sky.")).isEmpty();
        assertThat(guard.check("What is the capital of France?", "Paris.")).isEmpty();
        assertThat(guard.check("Is the capital of France Paris or Lyon?", "Paris")).isEmpty();
        assertThat(guard.check("Was ist die Hauptstadt von Japan?", "Die Hauptstadt von Japan ist Tokio.")).isEmpty();
        assertThat(guard.check("日本の首都はどこですか？", "日本の首都は東京です。")).isEmpty();
        assertThat(guard.check("What is 12 * 12?", "144")).isEmpty();
    }

    @Test
    void emptyAnswers() {
        assertThat(guard.check(PROMPT, "")).contains(Degeneracy.EMPTY);
        assertThat(guard.check(PROMPT, "   \n\t ")).contains(Degeneracy.EMPTY);
        assertThat(guard.check(PROMPT, "... !!! ???")).contains(Degeneracy.EMPTY);
    }

    @Test
    void repetitionLoops() {
        assertThat(guard.check(PROMPT, "The sky is blue. ".repeat(20))).contains(Degeneracy.REPETITION);
        assertThat(guard.check(PROMPT, "blue blue blue blue blue blue blue blue blue blue blue blue blue"))
                .contains(Degeneracy.REPETITION);
        assertThat(guard.check("天空为什么是蓝色的？", "蓝色蓝色蓝色蓝色蓝色蓝色蓝色蓝色蓝色蓝色蓝色")).contains(Degeneracy.REPETITION);
    }

    @Test
    void promptEchoedBack() {
        assertThat(guard.check(PROMPT, PROMPT)).contains(Degeneracy.PROMPT_ECHO);
        assertThat(guard.check(PROMPT, "explain WHY the sky appears blue during the day")).contains(Degeneracy.PROMPT_ECHO);
        assertThat(guard.check("Tell me: " + PROMPT, "Explain why the sky appears blue during the day?")).contains(Degeneracy.PROMPT_ECHO);
    }

    @Test
    void attackRestatementOfThePromptIsAnEcho() {
        // Issue 12: "The capital of Australia" outscored "Canberra is the capital of Australia".
        assertThat(guard.check("What is the capital of Australia?", "The capital of Australia")).contains(Degeneracy.PROMPT_ECHO);
        assertThat(guard.check("What are atoms made of?", "What an atom is made of")).contains(Degeneracy.PROMPT_ECHO);
        assertThat(guard.check("What is the capital of Australia?", "Canberra is the capital of Australia")).isEmpty();
    }

    @Test
    void attackParaphrasedEchoAsAQuestionIsCapped() {
        assertThat(guard.check("What is the capital of Canada?", "Which city is Canada's capital?")).contains(Degeneracy.QUESTION);
        assertThat(guard.check(PROMPT, "Why does the sky look blue? What makes it so?")).contains(Degeneracy.QUESTION);
        // An answer that asks back and then answers is an answer; so is a hesitant one-word one.
        assertThat(guard.check(PROMPT, "Why blue? Because air scatters short wavelengths most.")).isEmpty();
        assertThat(guard.check("What is 2 + 2?", "4?")).isEmpty();
    }

    @Test
    void titleCaseCapitalisationAndExtractionAreNotEchoes() {
        // Issue 12 false positives: the prompt's material, transformed or extracted, is the answer asked for.
        assertThat(guard.check("Put this title in title case: the lord of the rings", "The Lord of the Rings")).isEmpty();
        assertThat(guard.check("Fix the capitalisation: i met john smith in london last tuesday",
                "I met John Smith in London last Tuesday")).isEmpty();
        assertThat(guard.check("Extract the sentence that mentions a colour.\nThe cat slept. The sky was blue that day. We left early.",
                "The sky was blue that day.")).isEmpty();
        assertThat(guard.check("Fix the capitalisation in \"the river thames flows through london\"",
                "The River Thames flows through London")).isEmpty();
        // But the material given back unchanged adds nothing.
        assertThat(guard.check("Summarise: the river thames flows through london and into the north sea",
                "the river thames flows through london and into the north sea")).contains(Degeneracy.PROMPT_ECHO);
    }

    @Test
    void quoteThenAnswerIsNotAnEcho() {
        assertThat(guard.check(PROMPT, "You asked: \"" + PROMPT + "\" Sunlight is scattered by the air, blue light most.")).isEmpty();
        assertThat(guard.check(PROMPT, PROMPT + " Rayleigh scattering: air molecules scatter blue light more than red.")).isEmpty();
    }

    @Test
    void translationIntoTheScriptThePromptNamesIsNotOtherScript() {
        assertThat(guard.check("Translate into Russian: good morning, my friend", "Доброе утро, мой друг")).isEmpty();
        assertThat(guard.check("How do you write 'thank you very much' in Japanese?", "どうもありがとうございます")).isEmpty();
        assertThat(guard.check("Переведи на английский: доброе утро, друг", "Good morning, friend")).isEmpty();
        // Attack: answering in a script nobody asked for still is.
        assertThat(guard.check("Translate into French: good morning, my friend", "Доброе утро, мой друг")).contains(Degeneracy.OTHER_SCRIPT);
    }

    @Test
    void answerInAnotherScript() {
        assertThat(guard.check(PROMPT, "Небо голубое из-за рассеяния Рэлея.")).contains(Degeneracy.OTHER_SCRIPT);
        assertThat(guard.check("Почему небо голубое?", "Because of Rayleigh scattering of sunlight.")).contains(Degeneracy.OTHER_SCRIPT);
        assertThat(guard.check(PROMPT, "天空是蓝色的因为瑞利散射")).contains(Degeneracy.OTHER_SCRIPT);
    }

    @Test
    void limitCapsDegenerateScoresAndZeroesEmptyOnes() {
        Score high = new Score(9500);
        assertThat(guard.limit(high, Optional.empty())).isEqualTo(high);
        assertThat(guard.limit(high, Optional.of(Degeneracy.REPETITION)).value()).isEqualTo(500);
        assertThat(guard.limit(new Score(200), Optional.of(Degeneracy.PROMPT_ECHO)).value()).isEqualTo(200);
        assertThat(guard.limit(high, Optional.of(Degeneracy.EMPTY)).value()).isZero();
    }

    @Test
    void invalidParametersAreRejected() {
        assertThatThrownBy(() -> new DegenerateGuard(1.5, 0.8, 0.3, 500)).hasMessageContaining("minDistinctRatio");
        assertThatThrownBy(() -> new DegenerateGuard(0.3, Double.NaN, 0.3, 500)).hasMessageContaining("maxEchoRatio");
        assertThatThrownBy(() -> new DegenerateGuard(0.3, 0.8, 0.3, 10001)).hasMessageContaining("cap");
    }

    @Test
    void attackRefusalsInEveryLanguageOfTheSetsAreCapped() {
        String[][] cases = {
            {"Why is the sky blue?", "I'm sorry, but I can't help with that request."},
            {"¿Por qué el cielo es azul?", "Lo siento, pero no puedo responder a esa pregunta."},
            {"Pourquoi le ciel est-il bleu ?", "Désolé, mais je ne peux pas répondre à cette question."},
            {"Warum ist der Himmel blau?", "Es tut mir leid, aber dabei kann ich nicht helfen."},
            {"Почему небо голубое?", "Извините, но я не могу ответить на этот вопрос."},
            {"空はなぜ青いのですか？", "申し訳ありませんが、その質問にはお答えできません。"},
            {"天空为什么是蓝色的？", "抱歉，我无法回答这个问题。"}};
        for (String[] c : cases) {
            assertThat(guard.check(c[0], c[1])).as(c[1]).contains(Degeneracy.REFUSAL);
        }
        // "You cannot ..." answers; a long answer that says "I cannot" somewhere still answers.
        assertThat(guard.check("Can I divide by zero?", "No: you cannot divide by zero, the result is undefined.")).isEmpty();
    }

    @Test
    void attackAnAnswerInAnotherLanguageOfTheSameScriptIsCapped() {
        assertThat(guard.check("Wie viele Minuten hat ein Tag?", "A day has 1,440 minutes, which is 24 times 60 of them."))
                .contains(Degeneracy.WRONG_LANGUAGE);
        assertThat(guard.check("Quelle est la capitale de l'Australie ?", "La capital de Australia es Canberra, una ciudad planificada."))
                .contains(Degeneracy.WRONG_LANGUAGE);
        assertThat(guard.check("日本で一番高い山は何ですか？", "日本最高的山是富士山，海拔三千七百七十六米。")).contains(Degeneracy.WRONG_LANGUAGE);
        // Asked for: the prompt names the language. Too short to tell: left alone.
        assertThat(guard.check("Traduce al inglés: el gato es negro", "The cat is black and it is on the mat.")).isEmpty();
        assertThat(guard.check("Wie viele Minuten hat ein Tag?", "1440")).isEmpty();
        assertThat(guard.check("Wie viele Minuten hat ein Tag?", "Ein Tag hat 1.440 Minuten (24 × 60).")).isEmpty();
    }

    @Test
    void attackAShortAnswerInAnotherLanguageIsCappedWhenItHasNoWordOfTheAskedOne() {
        // Decision 0052: one function word of another language and none of the asked one is enough once the answer has it.
        assertThat(guard.check("¿Cuánto es 15 por 12?", "15 times 12 is 180.")).contains(Degeneracy.WRONG_LANGUAGE);
        assertThat(guard.check("Combien de côtés a un hexagone ?", "An hexagon has six sides.")).contains(Degeneracy.WRONG_LANGUAGE);
        assertThat(guard.check("Name three colours of the rainbow.", "Rojo, verde y azul.")).contains(Degeneracy.WRONG_LANGUAGE);
        // Honest short answers: no function word at all, or one of the asked language, or one both languages share.
        assertThat(guard.check("Combien de côtés a un hexagone ?", "Six.")).isEmpty();
        assertThat(guard.check("Combien de côtés a un hexagone ?", "Un hexagone a six côtés.")).isEmpty();
        assertThat(guard.check("Quelle est la monnaie du Japon ?", "Le yen.")).isEmpty();
        assertThat(guard.check("¿Quién escribió Don Quijote?", "Miguel de Cervantes.")).isEmpty();
        assertThat(guard.check("Wer hat die Relativitätstheorie entwickelt?", "Albert Einstein.")).isEmpty();
        assertThat(guard.check("Which is larger, 2^10 or 10^3?", "2^10 = 1024 is larger.")).isEmpty();
    }

    @Test
    void codeIsNotProseSoAnAnswerMostlyOfCodeKeepsItsLanguage() {
        // Decision 0052: a Chinese or Russian answer whose code is Latin letters is still in the prompt's script.
        assertThat(guard.check("Python里怎么把列表排序？", "用 sorted() 函数：\n```python\nnumbers = [3, 1, 2]\nresult = sorted(numbers, reverse=False)\nprint(result)\n```\n它返回新的列表。"))
                .isEmpty();
        assertThat(guard.check("Python里怎么把列表排序？", "可以这样写：numbers.sort(key=lambda x: x) 或者 sorted(numbers)，前者原地排序。")).isEmpty();
        assertThat(guard.check("Как в Java сравнить две строки?", "Используйте a.equals(b), а не a == b: оператор == сравнивает ссылки."))
                .isEmpty();
        // A German answer with a loop is German: the keyword "in" of the code is no English word.
        assertThat(guard.check("Wie gebe ich in Python alle Elemente einer Liste aus?",
                "Mit einer Schleife:\n    for x in liste:\n        print(x)\nDas gibt jedes Element aus.")).isEmpty();
        // The attack the other way: an English answer is not hidden by sprinkling code into it.
        assertThat(guard.check("Python里怎么把列表排序？", "Just call sorted(numbers) and it gives you back a new sorted list, "
                + "or use numbers.sort() to sort it in place.")).contains(Degeneracy.OTHER_SCRIPT);
        assertThat(guard.check("Wie entkalke ich einen Wasserkocher?", "Fill it with water and vinegar (1:1), boil it and let it stand for an hour."))
                .contains(Degeneracy.WRONG_LANGUAGE);
    }

    @Test
    void codeSpansAreRemovedInLinearTime() {
        assertThat(CodeSpans.prose("Use `len(s)` or s.size() in Java; es ist einfach.")).doesNotContain("len", "size").contains("Use", "es ist einfach");
        assertThat(CodeSpans.prose("用open('f.txt').read()读取")).isEqualTo("用 读取");
        // A 400,000-character line without spaces: one pass, no backtracking.
        assertThat(CodeSpans.prose("a".repeat(400_000) + "(")).isBlank();
    }
}
