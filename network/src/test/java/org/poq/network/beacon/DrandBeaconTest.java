package org.poq.network.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.poq.network.chain.ChainClient;
import org.poq.network.contracts.DrandBeacon;
import org.poq.network.devnet.AnvilOptions;
import org.poq.network.devnet.AnvilProcess;
import org.poq.network.devnet.LocalAccounts;
import org.poq.network.testing.RawTx;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The on-chain check of drand's evmnet beacon (docs/decisions/0045) against beacons drand really published:
 * every recorded round verifies under the League of Entropy's evmnet key and is stored with drand's own
 * randomness (sha256 of the signature, compared with what drand published on its evmnet test chain). A forged
 * signature, a real signature posted for another round, and malformed input each revert with a plain reason.
 */
class DrandBeaconTest {
    private static AnvilProcess anvil;
    private static ChainClient chain;
    private static RawTx raw;
    private static final Credentials POSTER = LocalAccounts.account(3);
    private static DrandBeacon evmnet;
    private static DrandBeacon testChain;

    @BeforeAll
    static void deploy() throws Exception {
        anvil = AnvilProcess.start(new AnvilOptions(0, 31337, null, null, 4, null));
        chain = ChainClient.connect(anvil.rpcUrl(), 31337);
        raw = new RawTx(chain);
        evmnet = deploy(DrandChain.EVMNET);
        testChain = deploy(RecordedBeacons.TEST_CHAIN);
    }

    @AfterAll
    static void stop() {
        chain.close();
        anvil.close();
    }

    private static DrandBeacon deploy(DrandChain drand) throws Exception {
        return DrandBeacon.deploy(chain.web3j(), chain.transactionManager(LocalAccounts.account(0)), ChainClient.GAS,
                drand.keyWords(), BigInteger.valueOf(drand.genesis()), BigInteger.valueOf(drand.periodSeconds()),
                BigInteger.valueOf(30)).send();
    }

    @Test
    void everyRecordedEvmnetRoundVerifiesAndIsStoredForItsRound() throws Exception {
        for (RecordedBeacons.Beacon b : RecordedBeacons.EVMNET) {
            TransactionReceipt r = post(evmnet, b.round(), b.signature());
            assertThat(r.isStatusOK()).as("round %d", b.round()).isTrue();
            byte[] stored = evmnet.roundRandomness(BigInteger.valueOf(b.round())).send();
            assertThat(stored).as("round %d", b.round()).isEqualTo(org.web3j.crypto.Hash.sha256(Numeric.hexStringToByteArray(b.signature())));
        }
        assertThat(evmnet.roundRandomness(BigInteger.valueOf(10_000_004)).send()).as("a round nobody posted").isEqualTo(new byte[32]);
    }

    @Test
    void theStoredValueIsTheRandomnessDrandPublished() throws Exception {
        for (RecordedBeacons.Beacon b : RecordedBeacons.TEST_CHAIN_BEACONS) {
            post(testChain, b.round(), b.signature());
            assertThat(Numeric.toHexStringNoPrefix(testChain.roundRandomness(BigInteger.valueOf(b.round())).send()))
                    .as("round %d", b.round()).isEqualTo(b.randomness());
        }
    }

    @Test
    void aForgedSignatureIsRefused() {
        RecordedBeacons.Beacon real = RecordedBeacons.evmnet(10_000_002);
        // the negated point: on the curve, 64 bytes, but not what drand signed
        BigInteger p = new BigInteger("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47", 16);
        BigInteger y = new BigInteger(real.signature().substring(64), 16);
        String forged = real.signature().substring(0, 64) + String.format("%064x", p.subtract(y));
        assertThat(reason(evmnet, real.round(), forged)).contains("not drand's signature of this round");
        // the contract's own hash of the round, offered as a signature: a point anyone can compute
        assertThat(reason(evmnet, real.round(), hashPoint(real.round()))).contains("not drand's signature of this round");
    }

    @Test
    void aRealSignatureOfAnotherRoundIsRefused() throws Exception {
        RecordedBeacons.Beacon other = RecordedBeacons.evmnet(10_000_001);
        assertThat(reason(evmnet, 10_000_003, other.signature())).contains("not drand's signature of this round");
        assertThat(reason(testChain, 40, RecordedBeacons.evmnet(10_000_000).signature()))
                .as("an evmnet signature is no signature of another drand chain").contains("not drand's signature of this round");
    }

    @Test
    void malformedSignaturesAreRefusedWithThePlainReason() {
        String real = RecordedBeacons.evmnet(10_000_003).signature();
        assertThat(reason(evmnet, 10_000_003, real.substring(0, 126))).contains("a signature is 64 bytes");
        assertThat(reason(evmnet, 10_000_003, real + "00")).contains("a signature is 64 bytes");
        assertThat(reason(evmnet, 10_000_003, "")).contains("a signature is 64 bytes");
        String offCurve = real.substring(0, 127) + (real.charAt(127) == '0' ? '1' : '0');
        assertThat(reason(evmnet, 10_000_003, offCurve)).contains("not a point of the BN254 curve");
        assertThat(reason(evmnet, 10_000_003, "ff".repeat(64))).contains("not a point of the BN254 curve");
        assertThat(reason(evmnet, 10_000_003, "00".repeat(64))).as("the point at infinity").contains("not a point of the BN254 curve");
        assertThat(reason(evmnet, 0, real)).contains("rounds start at 1");
    }

    @Test
    void aKeyThatIsNoG2PointIsRefusedAtDeploy() {
        String bad = "01".repeat(128);
        DrandChain wrong = new DrandChain("wrong", "00", bad, 1, 3, List.of());
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> deploy(wrong)))
                .hasMessageContaining("the group key is not a BN254 G2 point");
    }

    private static TransactionReceipt post(DrandBeacon beacon, long round, String signatureHex) throws Exception {
        return DrandBeacon.load(beacon.getContractAddress(), chain.web3j(), chain.transactionManager(POSTER), ChainClient.GAS)
                .post(BigInteger.valueOf(round), Numeric.hexStringToByteArray(signatureHex)).send();
    }

    private static String reason(DrandBeacon beacon, long round, String signatureHex) {
        List<Type> args = List.of(new Uint64(round), new DynamicBytes(Numeric.hexStringToByteArray(signatureHex)));
        String r = raw.revertReason(POSTER.getAddress(), beacon.getContractAddress(), "post", args);
        assertThat(r).as("round %d must be refused", round).isNotNull();
        return r;
    }

    private static String hashPoint(long round) {
        try {
            byte[] message = Hash.sha3(Numeric.toBytesPadded(BigInteger.valueOf(round), 8));
            var point = evmnet.hashToG1(message).send();
            return String.format("%064x%064x", point.component1(), point.component2());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
