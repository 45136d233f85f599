package org.poq.core;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The one way an amount is written for a person, in every screen and in the CLI: the token's own
 * number of decimals (4 for POQ, 6 for the native coin, whose gas fees live in the fifth and sixth),
 * thousands grouped with commas, trailing zeros dropped ("10,000 POQ", "0.06 POQ"), never "-0" and
 * never "0" for a non-zero amount (it reads "<0.000001 ETH"). The exact value, every digit, is what
 * a tooltip shows and what Copy puts on the clipboard ({@link #exact}); machine outputs (JSON, CSV)
 * keep {@link TokenAmount#toPlainString()}.
 */
public final class AmountFormat {
    public static final String POQ = "POQ";
    public static final int POQ_DECIMALS = 4;
    public static final int NATIVE_DECIMALS = 6;

    private AmountFormat() {
    }

    /** Decimals shown for a token symbol: POQ 4, any native coin (ETH, ...) 6. */
    public static int decimals(String symbol) {
        return POQ.equalsIgnoreCase(symbol) ? POQ_DECIMALS : NATIVE_DECIMALS;
    }

    /** "10,000 POQ", "0.000066 ETH", "<0.000001 ETH": rounded down, so a balance never reads more than it holds. */
    public static String of(TokenAmount amount, String symbol) {
        return number(amount, symbol) + " " + symbol;
    }

    /** {@link #of} without the symbol, for a column whose header names the token. */
    public static String number(TokenAmount amount, String symbol) {
        return shown(amount, decimals(symbol), RoundingMode.DOWN);
    }

    /** A maximum (a fee cap, a total to pay): rounded up, so "at most" stays true of the shown figure. */
    public static String atMost(TokenAmount amount, String symbol) {
        return shown(amount, decimals(symbol), RoundingMode.UP) + " " + symbol;
    }

    /** An amount in or out: "+1,000 POQ", "−0.5 POQ"; the sign only when the shown figure is not zero. */
    public static String signed(TokenAmount amount, boolean out, String symbol) {
        String n = number(amount, symbol);
        if (amount.isZero()) {
            return n + " " + symbol;
        }
        return (out ? "-" : "+") + n + " " + symbol;
    }

    /** Every digit, no grouping: what Copy puts on the clipboard and what an amount field accepts back. */
    public static String exact(TokenAmount amount) {
        return amount.toPlainString();
    }

    /** The tooltip of a shown amount: every digit with the symbol. */
    public static String exact(TokenAmount amount, String symbol) {
        return grouped(amount.toPlainString()) + " " + symbol;
    }

    private static String shown(TokenAmount amount, int decimals, RoundingMode mode) {
        if (amount.isZero()) {
            return "0";
        }
        BigDecimal tokens = new BigDecimal(amount.wei()).movePointLeft(TokenAmount.DECIMALS);
        BigDecimal rounded = tokens.setScale(decimals, mode);
        if (rounded.signum() == 0) {
            return "<" + BigDecimal.ONE.movePointLeft(decimals).toPlainString();
        }
        return grouped(rounded.stripTrailingZeros().toPlainString());
    }

    /** "1234567.5" to "1,234,567.5". */
    public static String grouped(String plain) {
        int dot = plain.indexOf('.');
        String whole = dot < 0 ? plain : plain.substring(0, dot);
        String sign = whole.startsWith("-") ? "-" : "";
        String digits = whole.substring(sign.length()).replaceAll("\\B(?=(\\d{3})+$)", ",");
        return sign + digits + (dot < 0 ? "" : plain.substring(dot));
    }
}
