package org.poq.network;

public enum NodeRole {
    NONE, MINER, VALIDATOR;

    public static NodeRole of(int ordinal) {
        return values()[ordinal];
    }
}
