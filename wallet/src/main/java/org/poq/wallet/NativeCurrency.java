package org.poq.wallet;

import java.util.Locale;
import java.util.Map;
import org.poq.wallet.transfer.Asset;

/**
 * The symbol of a chain's native coin (it pays every fee): ETH on Ethereum, its test networks, most
 * rollups and the local devnet; the chain's own symbol elsewhere. Shown wherever the app names the
 * native coin, and accepted as input ({@code --asset ETH}).
 */
public final class NativeCurrency {
    private static final Map<Long, String> SYMBOLS = Map.of(
            137L, "POL", 80002L, "POL", 56L, "BNB", 97L, "BNB", 100L, "xDAI", 43114L, "AVAX", 250L, "FTM");

    private NativeCurrency() {
    }

    public static String symbol(long chainId) {
        return SYMBOLS.getOrDefault(chainId, "ETH");
    }

    /** The symbol of an asset on a chain: POQ, or the native coin's symbol. */
    public static String symbol(Asset asset, long chainId) {
        return asset == Asset.POQ ? "POQ" : symbol(chainId);
    }

    /**
     * Reads an asset name: POQ, the chain's native symbol (ETH on the devnet) or NATIVE, in any case.
     */
    public static Asset parseAsset(String text, long chainId) {
        String t = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        if (t.equals("POQ")) {
            return Asset.POQ;
        }
        if (t.equals("NATIVE") || t.equals(symbol(chainId).toUpperCase(Locale.ROOT))) {
            return Asset.NATIVE;
        }
        throw new InvalidInputException("unknown asset '" + (text == null ? "" : text.strip()) + "': use POQ or "
                + symbol(chainId) + " (this network's native coin)");
    }
}
