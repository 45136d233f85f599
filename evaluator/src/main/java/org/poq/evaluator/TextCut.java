package org.poq.evaluator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Cuts a long text before it is tokenized, without changing the tokens the scorer keeps.
 *
 * <p>Why it is exact, for tokenizers made of BertNormalizer + BertPreTokenizer + WordPiece (BERT, MiniLM
 * and the MS MARCO cross-encoders): the normalizer works character by character; the pre-tokenizer splits
 * at white space (and punctuation), and WordPiece turns each piece into tokens on its own. So the tokens
 * of a text cut at a space, tab or line break are exactly the first tokens of the whole text. Every chunk
 * between those separators that holds a letter, digit, punctuation mark or symbol gives at least one token
 * (a word piece, a punctuation token or [UNK]); chunks of only control characters, combining marks or
 * U+FFFD (which BERT's cleaning deletes; TextCutTest found it) may give none and are not counted. A cut after {@code limit} counted chunks therefore keeps at least
 * {@code limit} tokens, all equal to the whole text's first ones. Only these four separators are used:
 * other characters Java calls white space (U+001C..U+001F) are control characters BERT deletes, which would
 * join two chunks into one word. Any other tokenizer family, or an added token containing white space,
 * turns the cut off. {@code TextCutTest} checks the claim on the real tokenizers.
 */
final class TextCut {
    private TextCut() {
    }

    /** True when tokenizer.json is of the family the proof above covers. */
    static boolean safeFor(JsonNode tokenizerJson) {
        boolean family = "BertNormalizer".equals(tokenizerJson.path("normalizer").path("type").asText())
                && "BertPreTokenizer".equals(tokenizerJson.path("pre_tokenizer").path("type").asText())
                && "WordPiece".equals(tokenizerJson.path("model").path("type").asText());
        if (!family) {
            return false;
        }
        for (JsonNode added : tokenizerJson.path("added_tokens")) {
            if (added.path("content").asText().codePoints().anyMatch(Character::isWhitespace)) {
                return false;
            }
        }
        return true;
    }

    /** The text up to the separator after its {@code limit}-th counted chunk; the whole text when it has fewer. */
    static String cut(String text, int limit) {
        int counted = 0;
        boolean inChunk = false;
        boolean chunkCounts = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (isSeparator(cp)) {
                if (inChunk && chunkCounts && ++counted >= limit) {
                    return text.substring(0, i);
                }
                inChunk = false;
                chunkCounts = false;
            } else {
                inChunk = true;
                chunkCounts |= givesAToken(cp);
            }
            i += Character.charCount(cp);
        }
        return text;
    }

    private static boolean isSeparator(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r';
    }

    /** Letters, digits, punctuation and symbols; U+FFFD (a symbol) is deleted by BERT's text cleaning, so it is not one. */
    private static boolean givesAToken(int cp) {
        if (cp == 0xFFFD) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER, Character.MODIFIER_LETTER,
                 Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                 Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
