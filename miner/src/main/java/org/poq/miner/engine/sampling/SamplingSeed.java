package org.poq.miner.engine.sampling;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.web3j.crypto.Hash;

/**
 * The 32-byte key of a verifiable draw. On the network it is keccak256(taskRandomness, minerAddress),
 * fixed after the draw, so a miner can neither choose it nor reuse another miner's answer (a different
 * address gives a different seed, so a different sample).
 */
public final class SamplingSeed {
    public static final int BYTES = 32;
    private final byte[] bytes;

    private SamplingSeed(byte[] bytes) {
        this.bytes = bytes;
    }

    public static SamplingSeed of(byte[] bytes) {
        if (bytes == null || bytes.length != BYTES) {
            throw new IllegalArgumentException("a sampling seed is 32 bytes (64 hex digits)");
        }
        return new SamplingSeed(bytes.clone());
    }

    /** A small number as a seed (for asking and chatting): its 8 bytes big-endian, right-aligned. */
    public static SamplingSeed ofLong(long value) {
        return new SamplingSeed(ByteBuffer.allocate(BYTES).putLong(BYTES - Long.BYTES, value).array());
    }

    /**
     * Reads a seed as the CLI takes it: 64 hex digits (an optional 0x), or a decimal number from 0 to
     * 2^63-1. Errors say what is accepted.
     */
    public static SamplingSeed parse(String text) {
        String s = text == null ? "" : text.strip();
        String hex = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
        if (hex.length() == 2 * BYTES && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return new SamplingSeed(HexFormat.of().parseHex(hex.toLowerCase()));
        }
        if (!s.isEmpty() && s.length() <= 19 && s.chars().allMatch(Character::isDigit)) {
            try {
                return ofLong(Long.parseLong(s));
            } catch (NumberFormatException e) {
                // too large for a long: falls through to the message below
            }
        }
        throw new IllegalArgumentException("the seed '" + (s.length() > 80 ? s.substring(0, 80) + "…" : s)
                + "' is neither 64 hex digits nor a whole number from 0 to 9223372036854775807");
    }

    /**
     * The seed of one miner for one task: keccak256(taskRandomness ‖ minerAddress), the address left-padded
     * to 32 bytes as Solidity's keccak256(abi.encode(bytes32, address)) hashes it: the value the v3 task
     * market's {@code samplingSeed(taskId, miner)} returns, so an auditor can compute it off chain.
     */
    public static SamplingSeed forMiner(byte[] taskRandomness, String minerAddress) {
        if (taskRandomness == null || taskRandomness.length != BYTES) {
            throw new IllegalArgumentException("a task's randomness is 32 bytes");
        }
        String a = minerAddress.startsWith("0x") ? minerAddress.substring(2) : minerAddress;
        if (a.length() != 40 || !a.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("'" + minerAddress + "' is not an address (0x and 40 hex digits)");
        }
        byte[] packed = new byte[2 * BYTES];
        System.arraycopy(taskRandomness, 0, packed, 0, BYTES);
        System.arraycopy(HexFormat.of().parseHex(a.toLowerCase()), 0, packed, 2 * BYTES - 20, 20);
        return new SamplingSeed(Hash.sha3(packed));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SamplingSeed other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
