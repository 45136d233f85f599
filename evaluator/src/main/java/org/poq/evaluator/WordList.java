package org.poq.evaluator;

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
            int words = PromptOverlap.words(t).size();
            long ideographs = t.codePoints().filter(ContentWords::isIdeographic).count();
            if (words > MAX_ITEM_WORDS || ideographs > MAX_ITEM_CHARACTERS || (ideographs == 0 && words == 0)) {
                return false;
            }
        }
        return true;
    }
}
