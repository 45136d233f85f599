package org.poq.network;

import java.util.Set;

/**
 * What kind of chain a network runs on, by chain id; it decides the defaults a descriptor does not
 * set (decision record 0016): how many blocks must sit on top of an event before a node acts on it
 * or the window shows it as final, and how many blocks one log query asks for.
 */
public enum ChainKind {
    /** anvil on this computer: never reorganises unless told to, no query caps. */
    LOCAL_DEVNET(0, 10_000),
    /** Ethereum and its test networks: short reorgs (1-2 blocks) happen; public endpoints cap at 1k-10k blocks. */
    ETHEREUM(3, 2_000),
    /** Optimistic and ZK rollups with one sequencer: its blocks are reorganised only on sequencer failure. */
    ROLLUP(1, 2_000),
    /** Any other EVM chain: sidechains and young L1s reorganise deeper. */
    OTHER(12, 2_000);

    /** The chain id anvil (and Hardhat) serve by default, which the local devnet keeps. */
    public static final long ANVIL_CHAIN_ID = 31337;

    private static final Set<Long> ETHEREUM_IDS = Set.of(1L, 11155111L, 17000L, 560048L);
    private static final Set<Long> ROLLUP_IDS = Set.of(10L, 8453L, 42161L, 42170L, 324L, 59144L, 534352L,
            11155420L, 84532L, 421614L, 300L, 59141L, 534351L);

    private final int confirmations;
    private final int logPageBlocks;

    ChainKind(int confirmations, int logPageBlocks) {
        this.confirmations = confirmations;
        this.logPageBlocks = logPageBlocks;
    }

    public static ChainKind of(long chainId) {
        if (chainId == ANVIL_CHAIN_ID || chainId == 1337) {
            return LOCAL_DEVNET;
        }
        if (ETHEREUM_IDS.contains(chainId)) {
            return ETHEREUM;
        }
        return ROLLUP_IDS.contains(chainId) ? ROLLUP : OTHER;
    }

    public int confirmations() {
        return confirmations;
    }

    public int logPageBlocks() {
        return logPageBlocks;
    }
}
