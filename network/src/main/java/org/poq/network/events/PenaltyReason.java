package org.poq.network.events;

/** Why a node was penalized, as the market reports it. */
public enum PenaltyReason {
    NONE("none"),
    NO_REVEAL("committed but never revealed"),
    ABSENT("selected but did not take part"),
    DEVIATION("scores far from consensus"),
    FAILED_AUDIT("failed the audit: the model the task names would not have drawn this answer under its seed"),
    AUDIT_DEVIATION("audit verdict against the majority of the task's validators"),
    PERSISTENT_DEVIATION("scores far from consensus in 12 more tasks than close to it");

    private final String description;

    PenaltyReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public static PenaltyReason of(int ordinal) {
        return values()[ordinal];
    }
}
