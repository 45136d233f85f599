package org.poq.wallet.transfer;

import java.util.Locale;
import org.poq.wallet.InvalidInputException;
import org.poq.wallet.NativeCurrency;

/** What a transfer moves: the chain's native coin (it also pays every fee) or the POQ token. */
public enum Asset {
    NATIVE, POQ;

    /** The symbol of this asset on a chain: POQ, or the native coin's symbol. */
    public String symbol(long chainId) {
        return this == POQ ? "POQ" : NativeCurrency.symbol(chainId);
    }

    /**
     * Reads an asset name: POQ, the chain's native symbol (ETH on the devnet) or NATIVE, in any case.
     */
    public static Asset parse(String text, long chainId) {
        String t = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        if (t.equals("POQ")) {
            return POQ;
        }
        if (t.equals("NATIVE") || t.equals(NativeCurrency.symbol(chainId).toUpperCase(Locale.ROOT))) {
            return NATIVE;
        }
        throw new InvalidInputException("unknown asset '" + (text == null ? "" : text.strip()) + "': use POQ or "
                + NativeCurrency.symbol(chainId) + " (this network's native coin)");
    }
}
