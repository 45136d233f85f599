package org.poq.network;

import java.util.Locale;

/** A node's role, as the registry stores it and as every face names it (the one role type). */
public enum NodeRole {
    NONE, MINER, VALIDATOR;

    public static NodeRole of(int ordinal) {
        return values()[ordinal];
    }

    /** The lower-case word a person reads: "miner", "validator", "none". */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
