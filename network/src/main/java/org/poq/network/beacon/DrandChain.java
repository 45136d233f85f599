package org.poq.network.beacon;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.web3j.utils.Numeric;

/**
 * A drand chain the market can draw from (docs/decisions/0045): its chain hash (how drand's HTTP API names
 * it), its group public key (a BN254 G2 point as drand serves it: x imaginary, x real, y imaginary, y real),
 * when round 1 was published and the seconds between rounds, and public relays that serve its rounds.
 */
public record DrandChain(String name, String chainHash, String publicKey, long genesis, long periodSeconds,
                         List<String> relays) {

    /** drand's evmnet (League of Entropy mainnet, scheme bls-bn254-unchained-on-g1), from its /info. */
    public static final DrandChain EVMNET = new DrandChain("drand evmnet",
            "04f1e9062b8a81f848fded9c12306733282b2727ecced50032187751166ec8c3",
            "07e1d1d335df83fa98462005690372c643340060d205306a9aa8106b6bd0b382"
                    + "0557ec32c2ad488e4d4f6008f89a346f18492092ccc0d594610de2732c8b808f"
                    + "0095685ae3a85ba243747b1b2f426049010f6b73a0cf1d389351d5aaaa1047f6"
                    + "297d3a4f9749b33eb2d904c9d9ebf17224150ddd7abd7567a9bec6c74480ee0b",
            1_727_521_075L, 3, List.of("https://api.drand.sh", "https://api2.drand.sh", "https://api3.drand.sh"));

    /**
     * How far past the submit block's time a task's round lies by default: ten rounds, so that a producer's
     * or sequencer's clock may lag real time by half a minute and the round is still unknown at submit.
     */
    public static final Duration DEFAULT_LEAD = Duration.ofSeconds(30);

    public DrandChain {
        if (Numeric.cleanHexPrefix(publicKey).length() != 256) {
            throw new IllegalArgumentException("a drand evmnet public key is 128 bytes (256 hex digits)");
        }
        if (genesis <= 0 || periodSeconds <= 0) {
            throw new IllegalArgumentException("a drand chain's genesis and period must be positive");
        }
        relays = List.copyOf(relays);
    }

    /** The group key as the four words the contract takes. */
    public List<BigInteger> keyWords() {
        String hex = Numeric.cleanHexPrefix(publicKey);
        return List.of(0, 1, 2, 3).stream().map(i -> new BigInteger(hex.substring(64 * i, 64 * i + 64), 16)).toList();
    }

    /** When drand publishes {@code round} (unix seconds). */
    public long roundTime(long round) {
        return genesis + (round - 1) * periodSeconds;
    }

    public DrandChain withRelays(List<String> urls) {
        return new DrandChain(name, chainHash, publicKey, genesis, periodSeconds, urls);
    }
}
