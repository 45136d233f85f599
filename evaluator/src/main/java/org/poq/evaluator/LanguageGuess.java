package org.poq.evaluator;

import java.lang.Character.UnicodeScript;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which language a text is written in, where plain counting can tell: the Latin-script languages of
 * {@link FunctionWords} by their function words, and Japanese apart from Chinese by its kana. Used by the
 * guard to cap an answer in another language than the prompt's ({@link Degeneracy#WRONG_LANGUAGE}); a text
 * too short to tell gives no guess, so a one-word answer is never judged by it.
 */
final class LanguageGuess {
    private static final List<String> LATIN = List.of("en", "es", "fr", "de");
    /**
     * Question words, which a short prompt often has instead of function words ("Comment faire une
     * vinaigrette ?", "Wann fiel die Mauer?"); decision 0047.
     */
    private static final Map<String, Set<String>> QUESTION_WORDS = Map.of(
            "en", Set.of("whose", "many"),
            "es", Set.of("quién", "quiénes", "cuál", "cuáles", "cuánto", "cuántos", "cuánta", "cuántas", "cómo", "dónde", "cuándo", "por", "hay"),
            "fr", Set.of("comment", "combien", "quel", "quelle", "quels", "quelles", "pourquoi", "quoi", "est-ce"),
            "de", Set.of("wer", "wen", "wem", "wessen", "was", "welche", "welcher", "welches", "welchen", "warum", "wann", "wieso", "wieviel", "viele"));
    /**
     * Letters only one of the four languages writes: a word that is no function word but holds one counts for
     * its language; é, which French and Spanish share, counts for both when the word has no other mark
     * (decision 0047).
     */
    private static final Map<String, String> MARKS = Map.of(
            "en", "",
            "es", "ñáíóú",
            "fr", "çèêàùœâîôûëï",
            "de", "ßäöü");

    private LanguageGuess() {
    }

    /**
     * The language of a text when one language's function words clearly lead: a word shared by several
     * languages counts for each in part, and the leader needs {@code least} points and twice the runner-up's.
     */
    static Optional<String> latin(String text, double least) {
        return leader(points(text), least);
    }

    /**
     * True when a text is in another Latin-script language than {@code asked}: another language leads with 2
     * points and twice the runner-up's, or (decision 0052) the text has not one word of the asked language and
     * another one leads with at least 1 point ("15 times 12 is 180." for "¿Cuánto es 15 por 12?"). A word the
     * two languages share counts for both, so it never makes an answer foreign.
     */
    static boolean isOtherThan(String asked, String text) {
        Map<String, Double> points = points(text);
        Optional<String> given = leader(points, 2.0);
        if (given.isPresent()) {
            return !given.get().equals(asked);
        }
        return points.getOrDefault(asked, 0.0) == 0.0 && leader(points, 1.0).filter(l -> !l.equals(asked)).isPresent();
    }

    private static Map<String, Double> points(String text) {
        Map<String, Double> points = new HashMap<>();
        String normal = PromptOverlap.normalize(text);
        for (String w : PromptOverlap.words(normal)) {
            List<String> in = LATIN.stream().filter(l -> FunctionWords.BY_LANGUAGE.get(l).contains(w)
                    || QUESTION_WORDS.get(l).contains(w)).toList();
            if (in.isEmpty()) {
                in = LATIN.stream().filter(l -> w.chars().anyMatch(c -> MARKS.get(l).indexOf(c) >= 0)).toList();
            }
            if (in.isEmpty() && w.indexOf('é') >= 0) {
                in = List.of("es", "fr");
            }
            for (String l : in) {
                points.merge(l, 1.0 / in.size(), Double::sum);
            }
        }
        // "¿" and "¡" open a Spanish sentence and nothing else.
        normal.chars().filter(c -> c == '¿' || c == '¡').forEach(c -> points.merge("es", 1.0, Double::sum));
        return points;
    }

    private static Optional<String> leader(Map<String, Double> points, double least) {
        String best = null;
        double first = 0;
        double second = 0;
        for (String l : LATIN) {
            double p = points.getOrDefault(l, 0.0);
            if (p > first) {
                second = first;
                first = p;
                best = l;
            } else if (p > second) {
                second = p;
            }
        }
        return first >= least && first >= 2 * second ? Optional.ofNullable(best) : Optional.empty();
    }

    /** True when the prompt is Japanese (kana among its letters) and the answer is Chinese (many Han letters, no kana). */
    static boolean chineseForJapanese(String prompt, String answer) {
        return kana(prompt) >= 2 && kana(answer) == 0 && answer.codePoints().filter(cp -> UnicodeScript.of(cp) == UnicodeScript.HAN).count() >= 8;
    }

    private static long kana(String text) {
        Set<UnicodeScript> kana = Set.of(UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA);
        return text.codePoints().filter(cp -> kana.contains(UnicodeScript.of(cp))).count();
    }
}
