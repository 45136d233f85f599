package org.poq.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;

/** An amount of an 18-decimal token (POQ or the chain's native coin), held in its smallest unit. */
public final class TokenAmount implements Comparable<TokenAmount> {
    public static final int DECIMALS = 18;
    private static final BigDecimal ONE_TOKEN = BigDecimal.TEN.pow(DECIMALS);
    public static final TokenAmount ZERO = new TokenAmount(BigInteger.ZERO);

    private final BigInteger wei;

    private TokenAmount(BigInteger wei) {
        if (wei.signum() < 0) {
            throw new IllegalArgumentException("a token amount cannot be negative: " + wei);
        }
        this.wei = wei;
    }

    public static TokenAmount ofWei(BigInteger wei) {
        return new TokenAmount(Objects.requireNonNull(wei, "wei"));
    }

    public static TokenAmount ofWei(long wei) {
        return ofWei(BigInteger.valueOf(wei));
    }

    public static TokenAmount ofTokens(long tokens) {
        return ofWei(BigInteger.valueOf(tokens).multiply(ONE_TOKEN.toBigInteger()));
    }

    /** Parses a decimal amount such as "12.5"; more than 18 decimals or a negative value is an error. */
    public static TokenAmount parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("amount is empty");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: '" + text.trim() + "'");
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + text.trim());
        }
        BigDecimal scaled = value.multiply(ONE_TOKEN);
        if (scaled.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("at most " + DECIMALS + " decimals: " + text.trim());
        }
        return ofWei(scaled.toBigIntegerExact());
    }

    public BigInteger wei() {
        return wei;
    }

    public TokenAmount plus(TokenAmount other) {
        return ofWei(wei.add(other.wei));
    }

    public TokenAmount minus(TokenAmount other) {
        return ofWei(wei.subtract(other.wei));
    }

    public boolean isZero() {
        return wei.signum() == 0;
    }

    /** Decimal text with trailing zeros removed, e.g. "12.5". */
    public String toPlainString() {
        BigDecimal tokens = new BigDecimal(wei).divide(ONE_TOKEN);
        return tokens.stripTrailingZeros().toPlainString();
    }

    /** Text rounded down to the given number of decimals, for display. */
    public String format(int decimals) {
        return new BigDecimal(wei).divide(ONE_TOKEN).setScale(decimals, RoundingMode.DOWN).toPlainString();
    }

    @Override
    public int compareTo(TokenAmount o) {
        return wei.compareTo(o.wei);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenAmount t && t.wei.equals(wei);
    }

    @Override
    public int hashCode() {
        return wei.hashCode();
    }

    @Override
    public String toString() {
        return toPlainString();
    }
}
