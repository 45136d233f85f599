package org.poq.network.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;

/**
 * Which network a record belongs to: the chain id, the market contract and the hash of the block the
 * contracts were deployed in (the genesis block's when the deploy block is 0). A chain reset, a
 * redeploy to the same addresses or another chain with the same id changes the hash (a new chain's
 * blocks have other parents and times), so records keyed by {@link #key()} from before are kept apart
 * and never acted on (decision record 0037). Read on connect by {@code PoqNetwork.identity()}.
 *
 * @param anchorBlock the deploy block (or 0)
 * @param anchorHash  that block's hash, lower-case hex; {@link #MISSING} when the chain has no such block
 *                    (a reset chain that is still shorter than the old one)
 */
public record NetworkIdentity(long chainId, String market, long anchorBlock, String anchorHash) {
    /** The anchor hash of a chain that has not reached the deploy block: it cannot be the network the file describes. */
    public static final String MISSING = "missing";

    public NetworkIdentity {
        if (market == null || anchorHash == null) {
            throw new IllegalArgumentException("a network identity needs the market address and the anchor block's hash");
        }
        market = market.toLowerCase(Locale.ROOT);
        anchorHash = anchorHash.toLowerCase(Locale.ROOT);
    }

    /** Reads the identity of the network a descriptor names, from the node behind {@code web3j}. */
    public static NetworkIdentity read(Web3j web3j, long chainId, String market, long deployBlock) {
        String hash = Calls.run("read the hash of block " + deployBlock, () -> blockHash(web3j, deployBlock))
                .orElse(MISSING);
        return new NetworkIdentity(chainId, market, deployBlock, hash);
    }

    private static Optional<String> blockHash(Web3j web3j, long number) throws IOException {
        EthBlock.Block b = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
                .send().getBlock();
        return b == null || b.getHash() == null ? Optional.empty() : Optional.of(b.getHash());
    }

    /** The key records are stored under: one string, equal for equal identities. */
    public String key() {
        return chainId + ":" + market + ":" + anchorBlock + ":" + anchorHash;
    }

    /** Whether the chain holds the block the contracts were deployed in at all. */
    public boolean anchored() {
        return !MISSING.equals(anchorHash);
    }

    /**
     * What changed from {@code before} (an identity stored with older records) to this one, in words a
     * user reads; empty when both are the same network.
     */
    public Optional<String> changeFrom(NetworkIdentity before) {
        if (before == null || before.equals(this)) {
            return Optional.empty();
        }
        if (before.chainId != chainId) {
            return Optional.of("this is another chain (chain id " + chainId + ", the records were made on chain "
                    + before.chainId + ")");
        }
        if (!before.market.equals(market)) {
            return Optional.of("the network file names another market contract (" + market + ", the records were made with "
                    + before.market + ")");
        }
        if (!anchored()) {
            return Optional.of("the chain was reset: it has no block " + anchorBlock + " any more, where the contracts were deployed");
        }
        if (before.anchorBlock != anchorBlock) {
            return Optional.of("the chain was reset or the contracts redeployed: the network file says they were deployed in block "
                    + anchorBlock + ", the records were made with contracts deployed in block " + before.anchorBlock);
        }
        return Optional.of("the chain was reset or the contracts redeployed: block " + anchorBlock + " is now "
                + shortHash(anchorHash) + ", it was " + shortHash(before.anchorHash));
    }

    /** Parses {@link #key()}; empty for a key of another shape (records from before identities were kept). */
    public static Optional<NetworkIdentity> parse(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String[] p = key.split(":");
        if (p.length != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new NetworkIdentity(Long.parseLong(p[0]), p[1], Long.parseLong(p[2]), p[3]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String shortHash(String h) {
        return h.length() > 12 ? h.substring(0, 10) + "…" : h;
    }

    @Override
    public String toString() {
        return "chain " + chainId + ", market " + market + ", block " + anchorBlock + " " + shortHash(anchorHash);
    }
}
