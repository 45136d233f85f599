package org.poq.wallet;

import java.util.Map;

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
}
