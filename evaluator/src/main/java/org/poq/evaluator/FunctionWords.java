package org.poq.evaluator;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Function words of the languages the project's sets are written in (en, es, fr, de, ru). Any two
 * answers in one language share them, so agreement and copy detection ignore them; their counts also
 * tell which Latin-script language a text is written in ({@link LanguageGuess}). Chinese and Japanese
 * are compared by character pairs instead ({@link ContentWords}), where particles weigh little.
 */
final class FunctionWords {
    static final Map<String, Set<String>> BY_LANGUAGE = new HashMap<>();
    private static final Set<String> ALL = new HashSet<>();

    static {
        add("en", "the a an and or of to in on at for by with from as is are was were be been being it its this that these those "
                + "which who whom what when where why how there their they them he she his her we our you your i my me not no but if so "
                + "than then also can could would should will may might do does did has have had into over under about after before "
                + "between while such very more most much many some any each other only just like");
        add("es", "el la los las un una unos unas y o de del al en por para con sin es son era fue ser está están que qué se su sus "
                + "lo le les como cuando donde porque pero muy más también este esta estos estas ese esa hay tiene tienen no sí");
        add("fr", "le la les un une des et ou de du au aux en par pour avec sans est sont était être que qui se sa son ses ce cette "
                + "ces il elle ils elles on ne pas plus très aussi mais comme quand où dans sur leur leurs a ont nous vous je");
        add("de", "der die das den dem des ein eine einen einem einer und oder von zu im in am an auf für mit ohne ist sind war "
                + "sein hat haben wird werden nicht kein keine auch aber wie wenn wo weil dass es er sie wir ihr ich sich sehr mehr "
                + "nur noch bei aus nach über unter um so");
        add("ru", "и в во на с со к по о об от до из за для не ни но а или что как это этот эта эти то та те он она оно они мы вы "
                + "я его её их же бы ли есть был была было были быть также очень уже у при");
    }

    private FunctionWords() {
    }

    private static void add(String language, String words) {
        Set<String> set = Set.of(words.split(" "));
        BY_LANGUAGE.put(language, set);
        ALL.addAll(set);
    }

    /** True for a lower-case function word of any of the languages above. */
    static boolean isFunctionWord(String lowerCaseWord) {
        return ALL.contains(lowerCaseWord);
    }
}
