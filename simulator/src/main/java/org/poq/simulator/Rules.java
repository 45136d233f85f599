package org.poq.simulator;

/** Which rules an attack is played under: the v2 contracts and node as they are, or with the attack's defence taken away. */
public enum Rules {
    V2("v2"),
    V1("v2 without the defence (v1's rule)");

    private final String label;

    Rules(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
