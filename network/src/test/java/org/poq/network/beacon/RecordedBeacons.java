package org.poq.network.beacon;

import java.util.List;

/**
 * Beacons drand published, as its HTTP API served them (round, signature, and where recorded the randomness):
 * evmnet (the League of Entropy's BN254 chain the market draws from) and drand's evmnet test chain, whose
 * recorded randomness shows that the contract derives a round's value exactly as drand does (sha256 of the
 * signature). Sources: drand's /public/{round} answers as quoted in public client tests.
 */
public final class RecordedBeacons {
    public record Beacon(long round, String signature, String randomness) {
    }

    /** evmnet rounds 10,000,000 to 10,000,003, 10,000,013, 19,700,000 and 19,700,100. */
    public static final List<Beacon> EVMNET = List.of(
            new Beacon(10_000_000, "2c7b65b5acfe55256910ca71cf0a0fa71ac34c2a1167f86a22930a03e70ebec0"
                    + "0f7a530796e7ee38600b06da0390634a9b154e3eebc3b323dde2111e1c8ebdf3", null),
            new Beacon(10_000_001, "0d23588d3b2457cf1e7a823d0781c3cf67216f7e2500e0048dd82d88b5dbe6c5"
                    + "227d5ed98879a9abd1dda134cb4cc8240284429913029ce22de1a6aa9d548ea9", null),
            new Beacon(10_000_002, "04edcf1080e8c3c542251b0439384fb67fdf559813fbfa9a14a3a49a63e8f3af"
                    + "17e79ae47a98f834043501463cf3676d0c681031d62d8204b635095590258ef5", null),
            new Beacon(10_000_003, "00a6811e9880bc99c3f130140f332ca0e4faade2d187896c0272b7d05d27271d"
                    + "2997197cf37eed8d84fc5293f80a2d0c56e1fc2285317db33d1671f86e7c4d22", null),
            new Beacon(10_000_013, "13d1b70855d04ea9af3efc4a03378f655459da97819ca4c63427104cf20bd724"
                    + "2c4116eba1899aefcc969a160faa09d164ef5c2dbcef91ad7455ad7c0457d37c", null),
            new Beacon(19_700_000, "044f4e4a562e71167224c3d5116fe7fc5a99ac9af56af85a64df27ef6e2545d2"
                    + "22dfcd2614bacb5c4e6865d868f307dc251cb78f258887fcaca700f1ec0557ab", null),
            new Beacon(19_700_100, "2e516cc7a81e487f008eb47cf600acb4ae18a2a3d15a5270bd7badaac117bc79"
                    + "1537f0cb9549ffbe8ca95c5ec830e547aed5a8c4416c898905284e2041a623ec", null));

    /** drand's evmnet test chain (chain hash f50064cd...): genesis 1726958055, period 3 s. */
    public static final DrandChain TEST_CHAIN = new DrandChain("drand evmnet test chain",
            "f50064cd5f71a2e2de647940ac7fa2fd9f6128129ada163e971625ec9f082db2",
            "14018a8127d0cd185f0d0cd168bec330c584581d46f77f41e8ee33ad600588e1"
                    + "04961f20efbcec8ce5e176aa182bf141f7059cfb467e3b508bc6f36f227d5cf3"
                    + "1c7baa2a010677e813ffca24b4ff5faf3348b2750201c85b126a480118b149f5"
                    + "14d3e7aba46a99f40aac6507a2c6d6f3c7a6b38038786831e3e6b5b0adf5894b",
            1_726_958_055L, 3, List.of());

    /** Test-chain rounds with the randomness drand published for them. */
    public static final List<Beacon> TEST_CHAIN_BEACONS = List.of(
            new Beacon(1, "0d2cdded373210583d66d973f28b68adc4a5d52a39304a38343ee9d2e785f335"
                    + "098a1d16660304ceeabac9ddb80ec00916dcbe32ac8597b6295baac935f84648",
                    "9ddf8ee8ff3f375f33c8f8fd142b648e1f3c134284423362e8796770ac43c1a6"),
            new Beacon(2, "2b481ec543a44225ba184d09c83068f7e74b4d78d076cca67a1647418391e3fd"
                    + "1e739096fed5d0315e81beeec64058d5d31161f3e2e9df14d4af86a7c2fa1e92",
                    "315b39f5df1b038c5f548d1c96e0ee816f70a09b0bdaccc4f40cb2e6bb7b3c5f"),
            new Beacon(3, "2b71c198edfb7271be885f02227930d86e88884fc6870219898904748d37f49f"
                    + "03f4e39b955198e6638cd55c785d1e0f6da236539f9d18b84ab95eb2e92f691a",
                    "f4f91abe0819ab72e97e08658fef52f395bcfb270dccfb33b9286720083085f2"),
            new Beacon(10, "0fd919ec1490bf01935f348837bd20f49f539c5adfd60ce29648fe16f8dbed88"
                    + "03bf3e8fb4c3cbce5dcb642333d81260a811cc432b2f7a687b9b7c2305ad01ee",
                    "a62a0e81920b40fb361f9106efb34199af1fbdb0c53db51f7acbad73e0d9d0bf"),
            new Beacon(40, "23f7e78888e0bb376e9f70ded2d49546e300c913a401c1b59cc63626c5a6f375"
                    + "0cc5ef66ad1430b82a57aa94aa866dccd68213e66d5f35ff53b19c60dc008429",
                    "f6e126339b1aba7c12aec53a76b6a790dd649c8cdbeeb41d2a47024fb3d57fd4"));

    public static Beacon evmnet(long round) {
        return EVMNET.stream().filter(b -> b.round() == round).findFirst().orElseThrow();
    }

    private RecordedBeacons() {
    }
}
