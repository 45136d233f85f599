package org.poq.wallet;

import java.util.regex.Pattern;
import org.poq.core.TokenAmount;

/**
 * Amount input in the format the app shows amounts in: a dot for decimals and, optionally, commas
 * grouping thousands ("10,000.5"). A comma that is not a thousands separator ("1,5") is refused
 * with the reason rather than guessed at.
 */
public final class Amounts {
    private static final Pattern GROUPED = Pattern.compile("\\d{1,3}(,\\d{3})+(\\.\\d*)?");

    private Amounts() {
    }

    public static TokenAmount parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("enter an amount, e.g. 12.5");
        }
        String t = text.strip().replace("\u00A0", "").replace("\u202F", "").replace(" ", "");
        if (t.startsWith("-")) {
            throw new InvalidInputException("invalid amount '" + text.strip() + "': an amount must not be negative");
        }
        if (t.contains(",")) {
            if (!GROUPED.matcher(t).matches()) {
                throw new InvalidInputException("invalid amount '" + text.strip()
                        + "': use a dot for decimals (12.5); commas may only group thousands (1,000)");
            }
            t = t.replace(",", "");
        }
        if (!t.matches("\\d*\\.?\\d*") || t.equals(".") || t.isEmpty()) {
            throw new InvalidInputException("invalid amount '" + text.strip() + "': not a number; write it as 12.5 or 1,000");
        }
        try {
            return TokenAmount.parse(t);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("invalid amount '" + text.strip() + "': " + e.getMessage());
        }
    }
}
