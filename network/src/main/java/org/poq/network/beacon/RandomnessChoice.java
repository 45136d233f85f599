package org.poq.network.beacon;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Where a deployment's draws take their randomness from, as `poq deploy --randomness` names it (decision 0045). */
public enum RandomnessChoice {
    /** The target block's hash: its producer can choose it, so for the local devnet only. */
    BLOCK_HASH("block-hash"),
    /** drand's evmnet beacon, checked on chain by a DrandBeacon: nobody can choose it. */
    DRAND_EVMNET("drand-evmnet");

    private final String flag;

    RandomnessChoice(String flag) {
        this.flag = flag;
    }

    public String flag() {
        return flag;
    }

    public static RandomnessChoice parse(String text) {
        return Arrays.stream(values()).filter(c -> c.flag.equalsIgnoreCase(text.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown randomness source '" + text + "': use one of "
                        + Arrays.stream(values()).map(RandomnessChoice::flag).collect(Collectors.joining(", "))));
    }
}
