package org.poq.wallet;

import java.util.Locale;
import org.web3j.crypto.Keys;

/**
 * Address input. Mixed-case input must carry a valid EIP-55 checksum (a typo then fails instead of
 * sending to a wrong address); all-lowercase or all-uppercase input has no checksum to check, as in
 * every other wallet, and is accepted.
 */
public final class Addresses {
    private Addresses() {
    }

    /** The checksummed form of a valid address, or an {@link InvalidInputException} saying what is wrong. */
    public static String parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("the address is empty");
        }
        String t = text.strip();
        if (!t.startsWith("0x") && !t.startsWith("0X")) {
            throw new InvalidInputException("an address starts with 0x");
        }
        String hex = t.substring(2);
        if (hex.length() != 40) {
            throw new InvalidInputException("an address has 40 hex digits after 0x, this one has " + hex.length());
        }
        if (!hex.matches("[0-9a-fA-F]{40}")) {
            throw new InvalidInputException("the address contains characters that are not hex digits");
        }
        String checksummed = Keys.toChecksumAddress(hex.toLowerCase(Locale.ROOT));
        boolean mixed = !hex.equals(hex.toLowerCase(Locale.ROOT)) && !hex.equals(hex.toUpperCase(Locale.ROOT));
        if (mixed && !checksummed.substring(2).equals(hex)) {
            throw new InvalidInputException("the address checksum (EIP-55 capitalisation) is wrong: check it for a typo");
        }
        return checksummed;
    }

    public static boolean same(String a, String b) {
        return a != null && b != null && a.equalsIgnoreCase(b);
    }

    /** The lower-case form used as a database key. */
    public static String key(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
