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

    public static byte[] scores(TaskId taskId, String validator, int[] scores, byte[] salt) {
        List<Uint16> list = new ArrayList<>();
        for (int s : scores) {
            list.add(new Uint16(BigInteger.valueOf(s)));
        }
        return keccakOfEncoded(List.of(new Uint256(taskId.value()), new Address(validator),
                new DynamicArray<>(Uint16.class, list), new Bytes32(salt)));
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
