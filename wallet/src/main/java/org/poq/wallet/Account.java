package org.poq.wallet;

/**
 * One account of the wallet: public data only. HD accounts sit at m/44'/60'/0'/0/{index}; imported
 * ones (from a keystore file or a raw key) have index -1.
 */
public record Account(String address, String label, Kind kind, int index) {
    public enum Kind { HD, IMPORTED }

    public String derivationPath() {
        return kind == Kind.HD ? hdPath(index) : null;
    }

    /** Ethereum's BIP-44 path of the HD account at {@code index}. */
    public static String hdPath(int index) {
        return "m/44'/60'/0'/0/" + index;
    }
}
