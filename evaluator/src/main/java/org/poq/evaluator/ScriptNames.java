package org.poq.evaluator;

import java.lang.Character.UnicodeScript;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Names of languages and scripts that tell the guard a prompt asks for an answer in another script
 * ("Translate into Russian", "in Japanese", "auf Englisch"). Matched on word keys
 * ({@link PromptOverlap#key}), so "Russian", "russe" and "russischen" all count. A fixed table: part of
 * the guard rules (their version is in the evaluator id), the same on every machine.
 */
final class ScriptNames {
    private static final Map<String, UnicodeScript> KEYS = Map.ofEntries(
            Map.entry("russi", UnicodeScript.CYRILLIC), Map.entry("russe", UnicodeScript.CYRILLIC), Map.entry("ruso", UnicodeScript.CYRILLIC),
            Map.entry("ukrai", UnicodeScript.CYRILLIC), Map.entry("bulga", UnicodeScript.CYRILLIC), Map.entry("serbi", UnicodeScript.CYRILLIC),
            Map.entry("cyril", UnicodeScript.CYRILLIC), Map.entry("kyril", UnicodeScript.CYRILLIC), Map.entry("belar", UnicodeScript.CYRILLIC),
            Map.entry("greek", UnicodeScript.GREEK), Map.entry("griec", UnicodeScript.GREEK), Map.entry("ελλην", UnicodeScript.GREEK),
            Map.entry("chine", UnicodeScript.HAN), Map.entry("chino", UnicodeScript.HAN), Map.entry("manda", UnicodeScript.HAN),
            Map.entry("canto", UnicodeScript.HAN), Map.entry("japan", UnicodeScript.HAN), Map.entry("japon", UnicodeScript.HAN),
            Map.entry("kanji", UnicodeScript.HAN), Map.entry("hirag", UnicodeScript.HAN), Map.entry("katak", UnicodeScript.HAN),
            Map.entry("korea", UnicodeScript.HANGUL), Map.entry("corée", UnicodeScript.HANGUL), Map.entry("corea", UnicodeScript.HANGUL),
            Map.entry("hangu", UnicodeScript.HANGUL), Map.entry("arabi", UnicodeScript.ARABIC), Map.entry("arabe", UnicodeScript.ARABIC),
            Map.entry("persi", UnicodeScript.ARABIC), Map.entry("farsi", UnicodeScript.ARABIC), Map.entry("urdu", UnicodeScript.ARABIC),
            Map.entry("hebre", UnicodeScript.HEBREW), Map.entry("hébre", UnicodeScript.HEBREW), Map.entry("yiddi", UnicodeScript.HEBREW),
            Map.entry("hindi", UnicodeScript.DEVANAGARI), Map.entry("marat", UnicodeScript.DEVANAGARI), Map.entry("nepal", UnicodeScript.DEVANAGARI),
            Map.entry("sansk", UnicodeScript.DEVANAGARI), Map.entry("devan", UnicodeScript.DEVANAGARI), Map.entry("thai", UnicodeScript.THAI),
            Map.entry("armen", UnicodeScript.ARMENIAN), Map.entry("georg", UnicodeScript.GEORGIAN), Map.entry("benga", UnicodeScript.BENGALI),
            Map.entry("tamil", UnicodeScript.TAMIL), Map.entry("telug", UnicodeScript.TELUGU),
            // Latin-script languages, for prompts written in another script ("Переведи на английский").
            Map.entry("engli", UnicodeScript.LATIN), Map.entry("frenc", UnicodeScript.LATIN), Map.entry("germa", UnicodeScript.LATIN),
            Map.entry("spani", UnicodeScript.LATIN), Map.entry("itali", UnicodeScript.LATIN), Map.entry("portu", UnicodeScript.LATIN),
            Map.entry("latin", UnicodeScript.LATIN), Map.entry("roman", UnicodeScript.LATIN), Map.entry("англи", UnicodeScript.LATIN),
            Map.entry("франц", UnicodeScript.LATIN), Map.entry("немец", UnicodeScript.LATIN), Map.entry("латин", UnicodeScript.LATIN),
            Map.entry("inglé", UnicodeScript.LATIN), Map.entry("ingle", UnicodeScript.LATIN), Map.entry("angla", UnicodeScript.LATIN),
            Map.entry("franç", UnicodeScript.LATIN), Map.entry("franz", UnicodeScript.LATIN),
            Map.entry("alemá", UnicodeScript.LATIN), Map.entry("allem", UnicodeScript.LATIN), Map.entry("deuts", UnicodeScript.LATIN),
            Map.entry("españ", UnicodeScript.LATIN), Map.entry("espag", UnicodeScript.LATIN),
            Map.entry("英语", UnicodeScript.LATIN), Map.entry("英文", UnicodeScript.LATIN), Map.entry("英語", UnicodeScript.LATIN));

    private ScriptNames() {
    }

    /** The scripts the prompt names. Scripts without spaces are searched as substrings, since they have no word breaks. */
    static Set<UnicodeScript> named(String prompt) {
        Set<UnicodeScript> out = EnumSet.noneOf(UnicodeScript.class);
        for (String w : PromptOverlap.words(prompt)) {
            UnicodeScript s = KEYS.get(PromptOverlap.key(w));
            if (s != null) {
                out.add(s);
            }
        }
        for (Map.Entry<String, UnicodeScript> e : KEYS.entrySet()) {
            if (e.getKey().codePoints().anyMatch(cp -> UnicodeScript.of(cp) == UnicodeScript.HAN) && prompt.contains(e.getKey())) {
                out.add(e.getValue());
            }
        }
        return out;
    }
}
