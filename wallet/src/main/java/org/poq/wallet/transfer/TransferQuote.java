package org.poq.wallet.transfer;

import java.math.BigInteger;
import java.util.function.Function;
import org.poq.core.AmountFormat;
import org.poq.core.TokenAmount;
import org.web3j.crypto.Keys;

/**
 * A checked, priced transfer the user confirms before signing. The fee is the most it can cost
 * (gas limit x max fee per gas); the transaction usually pays less. {@code total} is in the native
 * coin for a native transfer; for POQ the amount is POQ and the fee is native, listed apart.
 */
public record TransferQuote(String from, String to, Asset asset, TokenAmount amount, BigInteger gasLimit,
                            BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas, TokenAmount maxFee,
                            TokenAmount nativeTotal, TokenAmount poqTotal) {

    /** The confirmation lines: each address checksummed in full, after its name (the address book's) where known. */
    public String summary(Function<String, String> names) {
        return summary(names, "ETH");
    }

    /** The confirmation lines with {@code nativeSymbol} for the native coin (the network's currency). */
    public String summary(Function<String, String> names, String nativeSymbol) {
        String unit = asset == Asset.POQ ? "POQ" : nativeSymbol;
        StringBuilder sb = new StringBuilder();
        sb.append("From:   ").append(named(names, from)).append('\n');
        sb.append("To:     ").append(named(names, to)).append('\n');
        sb.append("Amount: ").append(AmountFormat.of(amount, unit)).append('\n');
        sb.append("Fee:    at most ").append(AmountFormat.atMost(maxFee, nativeSymbol)).append('\n');
        if (asset == Asset.POQ) {
            sb.append("Total:  ").append(AmountFormat.of(poqTotal, AmountFormat.POQ)).append(" + at most ")
                    .append(AmountFormat.atMost(nativeTotal, nativeSymbol));
        } else {
            sb.append("Total:  at most ").append(AmountFormat.atMost(nativeTotal, nativeSymbol));
        }
        return sb.toString();
    }

    /** The name and the full checksummed address, as MetaMask's confirmation: a name alone could hide a wrong address. */
    private static String named(Function<String, String> names, String address) {
        String checksummed = Keys.toChecksumAddress(address);
        String name = names.apply(address);
        return name == null || name.isEmpty() || name.equalsIgnoreCase(address) ? checksummed : name + "  " + checksummed;
    }

    public String summary() {
        return summary(a -> a);
    }
}
