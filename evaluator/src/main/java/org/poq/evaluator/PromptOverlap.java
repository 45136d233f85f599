package org.poq.evaluator;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an answer repeats from its prompt, and what it adds ("residual" relevance, docs/evaluator.md).
 *
 * <p>A relevance model rates text that repeats the question as relevant, so a lazy miner could wrap
 * or paste the prompt and be paid for it. The residual of an answer is the answer without its echoes of
 * the prompt's <em>instruction</em> (runs repeating at least 80% of it, {@link #residual}); scoring the
 * residual measures what the answer itself contributes, while a partial restatement keeps the names,
 * numbers and terms an honest answer must repeat (issue 23). Words are compared by a key (lower case, a
 * final "s" dropped, the first five letters), so "atoms" matches "atom".
 *
 * <p>The prompt's <em>material</em> — text inside quotes, after a colon, or on lines after the first —
 * is what the prompt gives to work on ("Put this title in title case: the lord of the rings"). Its
 * words are not removed, so a correct transformation or extraction keeps its content; only an answer
 * that gives the material back unchanged is an echo.
 *
 * <p>Everything here is plain text arithmetic, identical on every machine; the rules are versioned
 * ({@link #RULES_VERSION}) and the version is part of the evaluator id.
 */
final class PromptOverlap {
    /** Bumped whenever a rule below changes a residual or a verdict. */
    static final int RULES_VERSION = 2;
    /** How much of the instruction a run must repeat to be an echo of the prompt rather than a restated term. */
    static final int ECHO_PERCENT = 80;
    private static final int KEY_LENGTH = 5;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    /** Quoted spans (straight, curly, guillemets, corner brackets, backticks) are material, not instruction. */
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|“[^”]*”|«[^»]*»|「[^」]*」|`[^`]*`");

    /**
     * English function words: an answer made of the prompt's words plus these ("What an atom is made of")
     * still adds nothing, and any two fluent answers share them, so agreement ignores them too.
     */
    private static final Set<String> FUNCTION_WORDS = Set.of(("the a an and or of to in on at for by with from as is are was were be "
            + "been being it its this that these those which who whom what when where why how there their they them he she his her "
            + "we our you your i my me not no but if so than then also can could would should will may might do does did has have "
            + "had into over under about after before between while such very more most much many some any each other only just like").split(" "));

    private final List<String> instructionWords;
    private final Set<String> instructionKeys;
    private final List<String> instructionKeyList = new ArrayList<>();
    private final String material;

    private PromptOverlap(List<String> instructionWords, String material) {
        this.instructionWords = instructionWords;
        this.instructionKeys = new HashSet<>();
        instructionWords.forEach(w -> instructionKeys.add(key(w)));
        instructionWords.forEach(w -> instructionKeyList.add(key(w)));
        this.material = material;
    }

    static PromptOverlap of(String prompt) {
        String p = normalize(prompt);
        StringBuilder instruction = new StringBuilder();
        StringBuilder material = new StringBuilder();
        Matcher q = QUOTED.matcher(p);
        int last = 0;
        while (q.find()) {
            instruction.append(p, last, q.start()).append(' ');
            material.append(p, q.start() + 1, q.end() - 1).append(' ');
            last = q.end();
        }
        String rest = p.substring(last);
        int cut = materialStart(rest);
        instruction.append(rest, 0, cut);
        material.append(rest.substring(cut));
        return new PromptOverlap(words(instruction.toString()), material.toString().strip());
    }

    /** Material starts after the first ": " (or ":" at a line end) or on the second line, whichever comes first. */
    private static int materialStart(String s) {
        int newline = s.indexOf('\n');
        int colon = -1;
        for (int i = s.indexOf(':'); i >= 0; i = s.indexOf(':', i + 1)) {
            if (i + 1 == s.length() || Character.isWhitespace(s.charAt(i + 1))) {
                colon = i + 1;
                break;
            }
        }
        int start = s.length();
        if (newline >= 0) {
            start = newline;
        }
        if (colon >= 0 && colon < start) {
            start = colon;
        }
        return start;
    }

    /** The instruction's words in order (lower case). */
    List<String> instructionWords() {
        return instructionWords;
    }

    /**
     * The answer with every echo of the prompt removed and white space collapsed. An echo is a run of
     * consecutive answer words that repeats a run of consecutive instruction words (by key) covering at
     * least {@link #ECHO_PERCENT}% of the instruction: the prompt pasted into a wrapper or quoted before the
     * answer. Words repeated outside such a run stay, so an honest answer keeps the names, numbers and the
     * term it was asked about ("Wie viele Minuten hat ein Tag?" - "Ein Tag hat 1.440 Minuten").
     */
    String residual(String answer) {
        String a = normalize(answer);
        List<int[]> spans = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        Matcher m = WORD.matcher(a);
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
            keys.add(key(m.group()));
        }
        boolean[] echoed = echoedWords(keys);
        StringBuilder out = new StringBuilder(a.length());
        int last = 0;
        for (int i = 0; i < spans.size(); i++) {
            if (echoed[i]) {
                out.append(a, last, spans.get(i)[0]);
                last = spans.get(i)[1];
            }
        }
        out.append(a.substring(last));
        return out.toString().replaceAll("\\s+", " ").strip();
    }

    /** Marks the answer words inside runs that repeat at least ECHO_PERCENT% of the instruction in order. */
    private boolean[] echoedWords(List<String> answerKeys) {
        boolean[] echoed = new boolean[answerKeys.size()];
        int m = instructionKeyList.size();
        if (m == 0) {
            return echoed;
        }
        int need = Math.max(1, (m * ECHO_PERCENT + 99) / 100);
        int a = 0;
        while (a < answerKeys.size()) {
            int longest = 0;
            for (int b = 0; b < m; b++) {
                int len = 0;
                while (a + len < answerKeys.size() && b + len < m && answerKeys.get(a + len).equals(instructionKeyList.get(b + len))) {
                    len++;
                }
                longest = Math.max(longest, len);
            }
            if (longest >= need) {
                for (int i = a; i < a + longest; i++) {
                    echoed[i] = true;
                }
                a += longest;
            } else {
                a++;
            }
        }
        return echoed;
    }

    /**
     * True when the answer adds nothing to the prompt: every word of it is an instruction word or a
     * function word (two
     * words or more: a one-word answer taken from the prompt may be the choice it asked for, "Paris or
     * Lyon?" - "Paris"), or it is the prompt's material given back unchanged.
     */
    boolean addsNothing(String answer) {
        List<String> answerWords = words(normalize(answer));
        if (answerWords.isEmpty()) {
            return false;
        }
        // Case counts here: "the lord of the rings" -> "The Lord of the Rings" is the title case asked for.
        if (!material.isEmpty() && wordsKeepingCase(normalize(answer)).equals(wordsKeepingCase(material))) {
            return true;
        }
        if (answerWords.size() < 2) {
            return false;
        }
        for (String w : answerWords) {
            if (!instructionKeys.contains(key(w)) && !FUNCTION_WORDS.contains(w)) {
                return false;
            }
        }
        return true;
    }

    /** The keys of the words an answer adds (not in the instruction), in first-seen order: what agreement compares. */
    Set<String> addedKeys(String answer) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : words(normalize(answer))) {
            String k = key(w);
            if (!instructionKeys.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }

    static boolean isFunctionWord(String lowerCaseWord) {
        return FUNCTION_WORDS.contains(lowerCaseWord);
    }

    static String normalize(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC);
    }

    /** Lower-case words (runs of letters and digits). */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static List<String> wordsKeepingCase(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** A word's comparison key: lower case, a final "s" dropped from words longer than three letters, then at most five code points. */
    static String key(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.length() > 3 && w.endsWith("s")) {
            w = w.substring(0, w.length() - 1);
        }
        int cps = w.codePointCount(0, w.length());
        return cps <= KEY_LENGTH ? w : w.substring(0, w.offsetByCodePoints(0, KEY_LENGTH));
    }
}
