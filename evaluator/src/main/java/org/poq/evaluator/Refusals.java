package org.poq.evaluator;

import java.util.List;
import java.util.Locale;

/**
 * Refusals in the languages of the project's sets: an answer that declines to answer is no answer,
 * however topical its words ({@link Degeneracy#REFUSAL}). Only short answers are judged (a long answer that
 * says "I cannot" somewhere still answers), and only first-person phrases, so "you cannot divide by zero"
 * is an answer. A fixed table: part of the guard rules, whose version is in the evaluator id.
 */
final class Refusals {
    /** Answers longer than this (in words, or letters for scripts without spaces / 3) are not judged. */
    static final int MAX_WORDS = 40;
    private static final List<String> PHRASES = List.of(
            "i can't help", "i cannot help", "i can't answer", "i cannot answer", "i can't provide", "i cannot provide",
            "i'm unable to", "i am unable to", "i'm not able to", "i am not able to", "i won't answer", "i can not answer",
            "i'm sorry, but i", "i am sorry, but i", "as an ai",
            "no puedo", "no me es posible", "lo siento, pero",
            "je ne peux pas", "je ne suis pas en mesure", "désolé, mais",
            "kann ich nicht", "ich kann nicht", "ich kann leider", "ich kann diese", "ich kann dir", "ich kann ihnen", "es tut mir leid",
            "не могу", "не в состоянии", "извините, но", "к сожалению, я",
            "お答えできません", "答えられません", "回答できません", "申し訳ありません", "お手伝いできません",
            "无法回答", "不能回答", "无法提供", "抱歉", "对不起，我", "我不能");

    private Refusals() {
    }

    static boolean isRefusal(String answer) {
        String a = PromptOverlap.normalize(answer).toLowerCase(Locale.ROOT).replace('’', '\'');
        long units = PromptOverlap.words(a).size();
        long cjk = a.codePoints().filter(ContentWords::isIdeographic).count();
        if (Math.max(units, cjk / 3) > MAX_WORDS) {
            return false;
        }
        return PHRASES.stream().anyMatch(a::contains);
    }
}
