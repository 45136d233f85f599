package org.poq.network;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.poq.core.TaskId;
import org.web3j.abi.DefaultFunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The commitments of PROTOCOL.md, computed locally exactly as TaskMarket.answerCommitment and
 * scoreCommitment do (keccak256 of abi.encode), so a node can commit without a round trip.
 */
public final class Commitments {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Commitments() {
    }

    public static byte[] newSalt() {
        byte[] salt = new byte[32];
        do {
            RANDOM.nextBytes(salt);
        } while (Arrays.equals(salt, new byte[32])); // the market rejects a zero salt
        return salt;
    }

    public static byte[] answerHash(String answer) {
        return Hash.sha3(answer.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] answer(TaskId taskId, String miner, String answer, byte[] salt) {
        return keccakOfEncoded(List.of(new Uint256(taskId.value()), new Address(miner),
                new Bytes32(answerHash(answer)), new Bytes32(salt)));
    }

    /** Scores with every audit abstained (a validator that does not hold the task's model). */
    public static byte[] scores(TaskId taskId, String validator, int[] scores, byte[] salt) {
        return scores(taskId, validator, scores, new int[scores.length], salt);
    }

    /** keccak256(abi.encode(taskId, validator, scores, audits, salt)): one commitment for scores and audits. */
    public static byte[] scores(TaskId taskId, String validator, int[] scores, int[] audits, byte[] salt) {
        return keccakOfEncoded(List.of(new Uint256(taskId.value()), new Address(validator), uint16s(scores),
                uint16s(audits), new Bytes32(salt)));
    }

    private static DynamicArray<Uint16> uint16s(int[] values) {
        List<Uint16> list = new ArrayList<>();
        for (int v : values) {
            list.add(new Uint16(BigInteger.valueOf(v)));
        }
        return new DynamicArray<>(Uint16.class, list);
    }

    @SuppressWarnings("rawtypes")
    private static byte[] keccakOfEncoded(List<Type> values) {
        String encoded = new DefaultFunctionEncoder().encodeParameters(values);
        return Hash.sha3(Numeric.hexStringToByteArray(encoded));
    }

    static TypeReference<Uint16> uint16() {
        return new TypeReference<>() { };
    }
}
