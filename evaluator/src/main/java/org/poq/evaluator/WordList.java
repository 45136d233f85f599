package org.poq.evaluator;

import java.util.Set;

/**
 * A bare word list: five or more items separated by commas (or 、，;), each of at most three words (or
 * six characters in scripts without spaces), and no sentence. An honest answer may be a list ("Mercury,
 * Venus, Earth, ..."), but then the task's other honest answers give the same items; a topic-word list
 * ("orbit, Sun, planets, astronomy, Kepler") answers nothing and shares few words with any answer.
 */
final class WordList {
    private static final int MIN_ITEMS = 5;
    private static final int MAX_ITEM_WORDS = 3;
    private static final int MAX_ITEM_CHARACTERS = 6;

    private WordList() {
    }

    /**
     * A bare word list once the prompt's instruction words and function words are taken out of each item: a
     * list padded with the prompt's own words ("orbit, Sun, ... period Which planet has the shortest year the
     * and of") is still a list (the wrapped-copy colluders of issue 23). Items left empty are skipped.
     */
    static boolean isBareBeside(String answer, Set<String> instructionKeys) {
        if (isBare(answer)) {
            return true;
        }
        String[] items = PromptOverlap.normalize(answer).split("[,;、，；]");
        int kept = 0;
        for (String item : items) {
            StringBuilder rest = new StringBuilder();
            for (String w : PromptOverlap.words(item)) {
                if (!FunctionWords.isFunctionWord(w) && !instructionKeys.containsAll(ContentWords.keys(w))) {
                    rest.append(w).append(' ');
                }
            }
            if (rest.isEmpty()) {
                continue;
            }
            if (!shortItem(rest.toString())) {
                return false;
            }
            kept++;
        }
        return kept >= MIN_ITEMS;
    }

    private static boolean shortItem(String t) {
        int words = PromptOverlap.words(t).size();
        long ideographs = t.codePoints().filter(ContentWords::isIdeographic).count();
        return words <= MAX_ITEM_WORDS && ideographs <= MAX_ITEM_CHARACTERS && (ideographs > 0 || words > 0);
    }

    static boolean isBare(String answer) {
        String a = PromptOverlap.normalize(answer).strip();
        if (a.endsWith(".") || a.endsWith("。")) {
            a = a.substring(0, a.length() - 1);
        }
        String[] items = a.split("[,;、，；]");
        if (items.length < MIN_ITEMS) {
            return false;
        }
        for (String item : items) {
            String t = item.strip();
            if (t.isEmpty() || t.matches(".*[.!?。！？:].*")) {
                return false;
            }
            if (!shortItem(t)) {
                return false;
            }
        }
        return true;
    }
}
