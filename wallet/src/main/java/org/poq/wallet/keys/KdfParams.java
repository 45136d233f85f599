package org.poq.wallet.keys;

/**
 * scrypt cost. {@link #STANDARD} (n=262144, r=8, p=1) is what geth and MetaMask write and read, about
 * a second per use on a laptop; {@link #light(int)} exists for tests and must not protect real keys.
 */
public record KdfParams(int n, int r, int p) {
    public static final KdfParams STANDARD = new KdfParams(262_144, 8, 1);

    public KdfParams {
        if (n < 2 || (n & (n - 1)) != 0) {
            throw new IllegalArgumentException("scrypt n must be a power of two");
        }
        if (r < 1 || p < 1) {
            throw new IllegalArgumentException("scrypt r and p must be positive");
        }
    }

    public static KdfParams light(int n) {
        return new KdfParams(n, 8, 1);
    }
}
