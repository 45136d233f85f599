package org.poq.app.service;

/**
 * What an ask uses unless the user says otherwise, the same in the window's Ask screen, `poq ask`,
 * `poq serve` and the window's endpoint (the CLI's m was 5 against the window's 3). Three validators
 * is the protocol's least quorum; three miners give the validators answers to compare.
 */
public final class AskDefaults {
    public static final int MINERS = 3;
    public static final int VALIDATORS = 3;
    public static final int FEE_POQ = 10;
    public static final int MAX_TOKENS = 256;

    private AskDefaults() {
    }
}
