package org.poq.evaluator;

import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.poq.core.Score;

/**
 * Caps the score of degenerate answers. A small evaluator can be fooled by exactly these (an echoed
 * prompt is maximally "relevant" to a bi-encoder), and miners could farm them, so the rules are plain
 * text statistics that no model output can override. Parameters are part of the evaluator id.
 *
 * @param minDistinctRatio below this share of distinct n-grams an answer is a repetition loop
 * @param maxEchoRatio     at or above this share of answer word trigrams found in the prompt it is an echo
 * @param minScriptShare   below this share of letters in the prompt's script it is in another script
 * @param cap              the highest score a degenerate answer gets (an empty one always gets 0)
 */
public record DegenerateGuard(double minDistinctRatio, double maxEchoRatio, double minScriptShare, int cap) {
    /**
     * Bumped whenever a rule changes a verdict; part of the evaluator id. 2: echo by residual, QUESTION, named
     * scripts. 3: REFUSAL, WRONG_LANGUAGE. 4: WRONG_LANGUAGE also reads question words and language-specific
     * letters (decision 0047). 5: OTHER_SCRIPT and WRONG_LANGUAGE read the answer's prose without its code
     * ({@link CodeSpans}); WRONG_LANGUAGE also catches a short answer with words of another language and none
     * of the asked one (decision 0052).
     */
    public static final int RULES_VERSION = 5;
    /** Shorter answers carry too little text to call them a loop. */
    private static final int MIN_UNITS_FOR_REPETITION = 12;
    /** An echo needs this many words: a one-word answer that appears in the prompt ("Paris") is fine. */
    private static final int MIN_WORDS_FOR_ECHO = 5;
    /** An answer of only questions needs this many words: "4?" is an answer, if a hesitant one. */
    private static final int MIN_WORDS_FOR_QUESTION = 3;
    /** Script statistics on fewer letters than this are noise. */
    private static final int MIN_LETTERS_FOR_SCRIPT = 4;

    public DegenerateGuard {
        requireRatio("minDistinctRatio", minDistinctRatio);
        requireRatio("maxEchoRatio", maxEchoRatio);
        requireRatio("minScriptShare", minScriptShare);
        if (cap < 0 || cap > Score.MAX) {
            throw new IllegalArgumentException("guard cap must be in 0..10000: " + cap);
        }
    }

    public static DegenerateGuard standard() {
        return new DegenerateGuard(0.35, 0.8, 0.3, 500);
    }

    private static void requireRatio(String name, double v) {
        if (!(v >= 0.0 && v <= 1.0)) {
            throw new IllegalArgumentException("guard " + name + " must be in [0, 1]: " + v);
        }
    }

    /** The score after the guard: unchanged for a sound answer, at most {@link #cap} for a degenerate one. */
    public Score limit(Score modelScore, Optional<Degeneracy> verdict) {
        if (verdict.isEmpty()) {
            return modelScore;
        }
        int ceiling = verdict.get() == Degeneracy.EMPTY ? 0 : cap;
        return new Score(Math.min(modelScore.value(), ceiling));
    }

    public Optional<Degeneracy> check(String prompt, String answer) {
        return check(PromptOverlap.of(prompt), prompt, answer);
    }

    Optional<Degeneracy> check(PromptOverlap overlap, String prompt, String answer) {
        String a = Normalizer.normalize(answer, Normalizer.Form.NFKC);
        String p = Normalizer.normalize(prompt, Normalizer.Form.NFKC);
        if (a.codePoints().noneMatch(Character::isLetterOrDigit)) {
            return Optional.of(Degeneracy.EMPTY);
        }
        String prose = CodeSpans.prose(a);
        if (isOtherScript(p, prose)) {
            return Optional.of(Degeneracy.OTHER_SCRIPT);
        }
        if (isWrongLanguage(p, prose)) {
            return Optional.of(Degeneracy.WRONG_LANGUAGE);
        }
        if (Refusals.isRefusal(a)) {
            return Optional.of(Degeneracy.REFUSAL);
        }
        if (isRepetition(a)) {
            return Optional.of(Degeneracy.REPETITION);
        }
        if (overlap.addsNothing(a) || isEcho(overlap.instructionWords(), a)) {
            return Optional.of(Degeneracy.PROMPT_ECHO);
        }
        if (isOnlyQuestions(a)) {
            return Optional.of(Degeneracy.QUESTION);
        }
        return Optional.empty();
    }

    /**
     * An answer made only of questions asks instead of answering (a paraphrased echo of the prompt is
     * the lazy form). Sentences end at . ! ? and their full-width forms; three words at least, so a
     * short "4?" is left to the model.
     */
    private static boolean isOnlyQuestions(String answer) {
        if (PromptOverlap.words(answer).size() < MIN_WORDS_FOR_QUESTION) {
            return false;
        }
        boolean sawQuestion = false;
        StringBuilder sentence = new StringBuilder();
        for (int i = 0; i < answer.length(); i++) {
            char c = answer.charAt(i);
            sentence.append(c);
            boolean end = c == '.' || c == '!' || c == '?' || c == '\u3002' || c == '\uFF01' || c == '\uFF1F';
            if (end) {
                if (hasLetterOrDigit(sentence)) {
                    if (c != '?' && c != '\uFF1F') {
                        return false;
                    }
                    sawQuestion = true;
                }
                sentence.setLength(0);
            }
        }
        return sawQuestion && !hasLetterOrDigit(sentence);
    }

    private static boolean hasLetterOrDigit(CharSequence s) {
        return s.codePoints().anyMatch(Character::isLetterOrDigit);
    }

    private boolean isRepetition(String answer) {
        List<String> words = words(answer);
        // Scripts written without spaces (Chinese, Japanese, Thai) are judged by characters instead.
        List<String> units = words.size() >= MIN_UNITS_FOR_REPETITION ? words : letterUnits(answer);
        int n = units == words ? 3 : 4;
        if (units.size() < MIN_UNITS_FOR_REPETITION) {
            return false;
        }
        List<String> grams = ngrams(units, n);
        return new HashSet<>(grams).size() < minDistinctRatio * grams.size();
    }

    /** At least {@link #MIN_WORDS_FOR_ECHO} words, and maxEchoRatio of its word trigrams are trigrams of the prompt's instruction. */
    private boolean isEcho(List<String> instructionWords, String answer) {
        List<String> answerWords = words(answer);
        if (answerWords.size() < MIN_WORDS_FOR_ECHO) {
            return false;
        }
        Set<String> promptGrams = new HashSet<>(ngrams(instructionWords, 3));
        List<String> answerGrams = ngrams(answerWords, 3);
        long found = answerGrams.stream().filter(promptGrams::contains).count();
        return found >= maxEchoRatio * answerGrams.size();
    }

    private boolean isOtherScript(String prompt, String answer) {
        Map<UnicodeScript, Integer> promptScripts = scripts(prompt);
        Map<UnicodeScript, Integer> answerScripts = scripts(answer);
        int promptLetters = promptScripts.values().stream().mapToInt(Integer::intValue).sum();
        int answerLetters = answerScripts.values().stream().mapToInt(Integer::intValue).sum();
        if (promptLetters < MIN_LETTERS_FOR_SCRIPT || answerLetters < MIN_LETTERS_FOR_SCRIPT) {
            return false;
        }
        UnicodeScript dominant = promptScripts.entrySet().stream()
                .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        int inDominant = answerScripts.getOrDefault(dominant, 0);
        if (inDominant >= minScriptShare * answerLetters) {
            return false;
        }
        // "Translate into Russian", "in Japanese", "auf Englisch": the prompt asked for the answer's script.
        UnicodeScript answerMain = answerScripts.entrySet().stream()
                .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return !ScriptNames.named(prompt).contains(answerMain);
    }

    /**
     * Same script, another language: a Latin-script prompt in one language answered in another (both told
     * by their function words, the answer by at least two), or a Japanese prompt answered in Chinese;
     * unless the prompt names a language ("in English", "en français": then it may have asked for it).
     */
    private static boolean isWrongLanguage(String prompt, String answer) {
        if (!ScriptNames.named(prompt).isEmpty()) {
            return false;
        }
        if (LanguageGuess.chineseForJapanese(prompt, answer)) {
            return true;
        }
        return LanguageGuess.latin(prompt, 1.5).filter(asked -> LanguageGuess.isOtherThan(asked, answer)).isPresent();
    }

    /** Letters per script; Han, Hiragana and Katakana count as one, since Japanese mixes all three. */
    private static Map<UnicodeScript, Integer> scripts(String text) {
        Map<UnicodeScript, Integer> counts = new EnumMap<>(UnicodeScript.class);
        text.codePoints().filter(Character::isLetter).forEach(cp -> {
            UnicodeScript s = UnicodeScript.of(cp);
            if (s == UnicodeScript.HIRAGANA || s == UnicodeScript.KATAKANA) {
                s = UnicodeScript.HAN;
            }
            if (s != UnicodeScript.COMMON && s != UnicodeScript.INHERITED) {
                counts.merge(s, 1, Integer::sum);
            }
        });
        return counts;
    }

    private static List<String> words(String text) {
        return PromptOverlap.words(text);
    }

    private static List<String> letterUnits(String text) {
        List<String> out = new ArrayList<>();
        text.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetterOrDigit)
                .forEach(cp -> out.add(new String(Character.toChars(cp))));
        return out;
    }

    private static List<String> ngrams(List<String> units, int n) {
        List<String> out = new ArrayList<>();
        if (units.size() < n) {
            out.add(String.join(" ", units));
            return out;
        }
        for (int i = 0; i + n <= units.size(); i++) {
            out.add(String.join(" ", units.subList(i, i + n)));
        }
        return out;
    }
}
