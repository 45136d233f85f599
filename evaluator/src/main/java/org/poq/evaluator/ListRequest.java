package org.poq.evaluator;

import java.util.List;
import java.util.Locale;

/**
 * Whether a prompt asks for a list or for several items ("List three...", "Name the planets", "¿Cuáles
 * son...?", "Cite trois...", "Nenne...", "Перечисли...", "列出", "挙げて"): a fixed table in the languages of
 * the project's sets. Where it does not, a bare word list is not an answer (decision 0047,
 * {@link AgreementRule}); where it does, a list may be the honest answer and only isolation judges it.
 */
final class ListRequest {
    /** Lower-case word starts (Latin, Cyrillic) that ask for items; matched at the start of a word. */
    private static final List<String> WORD_STARTS = List.of(
            "list", "name ", "enumerat", "what are", "which are", "give examples", "examples of", "ingredients",
            "enumer", "nombra", "menciona", "cuáles", "cuales", "cita ", "qué son", "ingredientes",
            "liste", "cite ", "nomme", "quels sont", "quelles sont", "énumér",
            "nenne", "nennen", "aufzähl", "zähle", "welche sind", "was sind", "beispiele",
            "перечисл", "назов", "назови", "какие", "приведи");
    /** Chinese and Japanese phrases that ask for items. */
    private static final List<String> PHRASES = List.of("列出", "列举", "举出", "哪些", "举例", "挙げ", "列挙", "リスト", "どんな", "何があ");

    private ListRequest() {
    }

    static boolean asked(String prompt) {
        String p = " " + PromptOverlap.normalize(prompt).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ") + " ";
        for (String start : WORD_STARTS) {
            if (p.contains(" " + start)) {
                return true;
            }
        }
        return PHRASES.stream().anyMatch(p::contains);
    }
}
