package org.poq.network;

import java.util.List;
import org.web3j.abi.DefaultFunctionEncoder;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/** The per-role seeds the market derives from a task's seed: keccak256(abi.encode(seed, "miners")). */
final class SelectionSeeds {
    private SelectionSeeds() {
    }

    static byte[] miners(byte[] taskSeed) {
        return derive(taskSeed, "miners");
    }

    static byte[] validators(byte[] taskSeed) {
        return derive(taskSeed, "validators");
    }

    private static byte[] derive(byte[] seed, String role) {
        String encoded = new DefaultFunctionEncoder().encodeParameters(List.of(new Bytes32(seed), new Utf8String(role)));
        return Hash.sha3(Numeric.hexStringToByteArray(encoded));
    }
}
