package org.poq.wallet.transfer;

import java.math.BigInteger;
import org.poq.core.TokenAmount;

/**
 * A checked, priced transfer the user confirms before signing. The fee is the most it can cost
 * (gas limit x max fee per gas); the transaction usually pays less. {@code total} is in the native
 * coin for a native transfer; for POQ the amount is POQ and the fee is native, listed apart.
 */
public record TransferQuote(String from, String to, Asset asset, TokenAmount amount, BigInteger gasLimit,
                            BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas, TokenAmount maxFee,
                            TokenAmount nativeTotal, TokenAmount poqTotal) {

    /** The confirmation lines, with names (from the address book) in place of raw addresses where known. */
    public String summary(java.util.function.Function<String, String> names) {
        return summary(names, "ETH");
    }

    /** The confirmation lines with {@code nativeSymbol} for the native coin (the network's currency). */
    public String summary(java.util.function.Function<String, String> names, String nativeSymbol) {
        String unit = asset == Asset.POQ ? "POQ" : nativeSymbol;
        StringBuilder sb = new StringBuilder();
        sb.append("From:   ").append(names.apply(from)).append('\n');
        sb.append("To:     ").append(names.apply(to)).append('\n');
        sb.append("Amount: ").append(amount.toPlainString()).append(' ').append(unit).append('\n');
        sb.append("Fee:    at most ").append(maxFee.toPlainString()).append(' ').append(nativeSymbol).append('\n');
        if (asset == Asset.POQ) {
            sb.append("Total:  ").append(poqTotal.toPlainString()).append(" POQ + ").append(nativeTotal.toPlainString()).append(' ').append(nativeSymbol);
        } else {
            sb.append("Total:  at most ").append(nativeTotal.toPlainString()).append(' ').append(nativeSymbol);
        }
        return sb.toString();
    }

    public String summary() {
        return summary(a -> a);
    }
}
