package org.poq.evaluator;

import java.lang.Character.UnicodeScript;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The content an answer adds to its prompt, as comparison keys: what agreement and copy detection compare
 * (docs/evaluator.md, "Agreement"). Words of the prompt's instruction, function words of the languages in
 * {@link FunctionWords} and single letters are left out; a one-digit number stays. Chinese and Japanese
 * are written without spaces, so a run of their characters gives its character pairs (a single character
 * gives itself): "水星绕太阳" and "水星公转" share "水星".
 */
final class ContentWords {
    private ContentWords() {
    }

    /** The content keys of an answer to the prompt whose instruction keys are given. */
    static Set<String> of(String answer, Set<String> instructionKeys) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : PromptOverlap.words(PromptOverlap.normalize(answer))) {
            if (FunctionWords.isFunctionWord(w)) {
                continue;
            }
            for (String k : keys(w)) {
                if (!instructionKeys.contains(k) && (k.codePointCount(0, k.length()) > 1 || Character.isDigit(k.codePointAt(0))
                        || isIdeographic(k.codePointAt(0)))) {
                    out.add(k);
                }
            }
        }
        return out;
    }

    /** The keys of a prompt's instruction, made the same way. */
    static Set<String> instructionKeys(PromptOverlap overlap) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : overlap.instructionWords()) {
            out.addAll(keys(w));
        }
        return out;
    }

    /** One word's keys: {@link PromptOverlap#key} for each non-CJK part, character pairs for each CJK run. */
    static Set<String> keys(String word) {
        Set<String> out = new LinkedHashSet<>();
        int i = 0;
        while (i < word.length()) {
            boolean cjk = isIdeographic(word.codePointAt(i));
            int j = i;
            while (j < word.length() && isIdeographic(word.codePointAt(j)) == cjk) {
                j += Character.charCount(word.codePointAt(j));
            }
            String part = word.substring(i, j);
            if (!cjk) {
                out.add(PromptOverlap.key(part));
            } else if (part.codePointCount(0, part.length()) == 1) {
                out.add(part);
            } else {
                for (int a = 0; a < part.length(); ) {
                    int b = part.offsetByCodePoints(a, 1);
                    if (b >= part.length()) {
                        break;
                    }
                    String pair = part.substring(a, part.offsetByCodePoints(b, 1));
                    // Two hiragana are grammar (です, ます, して), not content: Japanese content is in kanji and katakana.
                    if (!pair.codePoints().allMatch(cp -> UnicodeScript.of(cp) == UnicodeScript.HIRAGANA)) {
                        out.add(pair);
                    }
                    a = b;
                }
            }
            i = j;
        }
        return out;
    }

    static boolean isIdeographic(int codePoint) {
        UnicodeScript s = UnicodeScript.of(codePoint);
        return s == UnicodeScript.HAN || s == UnicodeScript.HIRAGANA || s == UnicodeScript.KATAKANA;
    }
}
